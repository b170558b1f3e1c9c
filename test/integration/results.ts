// Per-test results written as JSON for the code-server runner. Mocha keeps its own reference to
// console.log, so the runner's events are recorded instead of scraping output.
import * as fs from 'node:fs';

/** Name of the environment variable (set through `extensionEnvironment`) holding the results path. */
export const resultsFileEnv = 'EMS_INTEGRATION_RESULTS';

/** One finished test (or a failed hook, which mocha reports as a failure too). */
export interface TestResult {
  readonly title: string;
  readonly state: 'passed' | 'failed';
  readonly durationMs?: number;
  readonly error?: string;
}

/** The whole file; `done` is false while tests are still running (a crash leaves it false). */
export interface ResultsFile {
  readonly done: boolean;
  /** The VS Code version the tests ran in, so the runner can say where they ran. */
  readonly vscodeVersion?: string;
  readonly tests: readonly TestResult[];
}

/** Collects results and rewrites the file after each one, so a crashed host still leaves a trace. */
export class ResultsRecorder {
  private readonly tests: TestResult[] = [];

  constructor(
    private readonly file: string | undefined,
    private readonly vscodeVersion?: string,
  ) {}

  add(result: TestResult): void {
    this.tests.push(result);
    this.write(false);
  }

  finish(): void {
    this.write(true);
  }

  get failed(): number {
    return this.tests.filter((t) => t.state === 'failed').length;
  }

  get total(): number {
    return this.tests.length;
  }

  private write(done: boolean): void {
    if (!this.file) return;
    const content: ResultsFile = { done, ...(this.vscodeVersion ? { vscodeVersion: this.vscodeVersion } : {}), tests: this.tests };
    fs.writeFileSync(this.file, JSON.stringify(content, null, 2));
  }
}
