/**
 * The Event Model language server. VS Code's client starts it with `--node-ipc`; other editors
 * run `node dist/server.js --stdio` (or `event-model-language-server --stdio`). Without a
 * transport flag it talks over stdio.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server.js';

const TRANSPORTS = ['--node-ipc', '--stdio', '--socket=', '--pipe='];
const args = process.argv.slice(2);

if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write('Usage: event-model-language-server [--stdio | --node-ipc | --socket=<port> | --pipe=<name>]\n');
} else {
  const chosen = args.some((a) => TRANSPORTS.some((t) => a === t || (t.endsWith('=') && a.startsWith(t))));
  startServer(chosen ? createConnection(ProposedFeatures.all) : createConnection(ProposedFeatures.all, process.stdin, process.stdout));
}
