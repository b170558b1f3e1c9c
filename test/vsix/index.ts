// Test entry for `npm run test:vsix`: the integration suite's run() (mocha, tdd, the same
// results file), bundled by scripts/vscode/test-vsix.mjs with `virtual:integration-tests`
// pointing at the *.test.ts files of this folder instead.
export { run } from '../integration/index';
