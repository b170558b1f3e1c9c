import { parseArgs } from 'node:util';
import { DIAGRAM_USAGE, runDiagram } from './diagramCommand.js';
import { GENERATE_USAGE, runGenerate } from './generateCommand.js';
import { REPLAY_USAGE, runReplay } from './replayCommand.js';
import { runValidate } from './validateCommand.js';

const USAGE = `Usage: event-model <command> [options]

Commands:
  validate <files, folders or globs...>   Check models (*.events.yaml) and sample event files
      --format text|json                  Output format (default: text)
      --model <file>                      Model for sample files that name none
      --no-naming                         Skip the naming-convention warnings
${DIAGRAM_USAGE}${GENERATE_USAGE}${REPLAY_USAGE}
Exit codes: 0 no errors, 1 errors found (generate: also a file refused, or --check found changes;
replay: a replay problem or a delivery finding), 2 bad usage.
`;

const VERSION = '0.1.0';

/** Runs the CLI; returns the exit code. Exported for tests. */
export async function main(argv: string[], io = { out: (s: string) => console.log(s), err: (s: string) => console.error(s) }, cwd = process.cwd()): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    (command === undefined ? io.err : io.out)(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command === '--version' || command === '-v') {
    io.out(VERSION);
    return 0;
  }
  if (command === 'diagram') return runDiagram(rest, io, cwd, USAGE);
  if (command === 'generate') return runGenerate(rest, io, cwd, USAGE);
  if (command === 'replay') return runReplay(rest, io, cwd, USAGE);
  if (command !== 'validate') {
    io.err(`event-model: unknown command '${command}'\n\n${USAGE}`);
    return 2;
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        format: { type: 'string', default: 'text' },
        model: { type: 'string' },
        'no-naming': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    io.err(`event-model: ${e instanceof Error ? e.message : String(e)}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  if (values.format !== 'text' && values.format !== 'json') {
    io.err(`event-model: --format must be text or json, not '${values.format}'`);
    return 2;
  }
  if (positionals.length === 0) {
    io.err(`event-model validate: name the files, folders or globs to check\n\n${USAGE}`);
    return 2;
  }
  return runValidate(
    {
      inputs: positionals,
      format: values.format,
      ...(values.model ? { model: values.model } : {}),
      options: { namingConventions: !values['no-naming'] },
      cwd,
    },
    io.out,
    io.err,
  );
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      console.error(`event-model: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      process.exitCode = 2;
    },
  );
}
