// Test entry that VS Code's extension host requires and whose `run()` it awaits: the same
// contract for the code-server runner (scripts/vscode/run-integration.mjs) and
// @vscode/test-electron. Mocha and the test files are bundled into one file
// (scripts/vscode/build-integration.mjs), so nothing is resolved from disk at run time.
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { testModules } from 'virtual:integration-tests';
import { ResultsRecorder, resultsFileEnv } from './results';

/** Runs every bundled `*.test.ts`; rejects when a test failed or none ran. */
export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 20_000 });
  const grep = process.env.EMS_INTEGRATION_GREP;
  if (grep) mocha.grep(grep);

  const recorder = new ResultsRecorder(process.env[resultsFileEnv], vscode.version);
  // What mocha's loadFiles() does for files on disk: expose the tdd globals (suite, test...)
  // before each module body runs, so its suites register.
  for (const { file, load } of testModules) {
    try {
      mocha.suite.emit('pre-require', globalThis, file, mocha);
      mocha.suite.emit('require', load(), file, mocha);
      mocha.suite.emit('post-require', globalThis, file, mocha);
    } catch (err) {
      // A file that throws while loading is a failure the runner must show, not a silent crash.
      recorder.add({ title: `loading ${file}`, state: 'failed', error: describe(err) });
      recorder.finish();
      return Promise.reject(err);
    }
  }

  return new Promise((resolve, reject) => {
    const runner = mocha.run(() => {
      recorder.finish();
      if (recorder.failed > 0) reject(new Error(`${recorder.failed} integration test(s) failed`));
      else if (recorder.total === 0) reject(new Error('no integration test ran'));
      else resolve();
    });
    const { EVENT_TEST_PASS, EVENT_TEST_FAIL } = Mocha.Runner.constants;
    runner.on(EVENT_TEST_PASS, (test) => {
      recorder.add({ title: test.fullTitle(), state: 'passed', durationMs: test.duration });
    });
    runner.on(EVENT_TEST_FAIL, (test, err: unknown) => {
      recorder.add({ title: test.fullTitle(), state: 'failed', durationMs: test.duration, error: describe(err) });
    });
  });
}

function describe(err: unknown): string {
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}
