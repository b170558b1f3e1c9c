// The list of test files is generated at bundle time (scripts/vscode/build-integration.mjs), so
// a new `*.test.ts` file is picked up without editing index.ts.
declare module 'virtual:integration-tests' {
  /** One entry per `test/integration/**\/*.test.ts`; `load` evaluates the module (registers its suites). */
  export const testModules: ReadonlyArray<{ readonly file: string; readonly load: () => unknown }>;
}
