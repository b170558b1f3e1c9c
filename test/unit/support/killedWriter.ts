// Run as a child process by the writer's atomicity test: applies a plan to the folder named on the
// command line and is killed by SIGKILL at the second rename, after its temporary file is flushed.
import { NODE_FS, type WriterFs } from '../../../src/node/atomicFile.js';
import { applyPlan } from '../../../src/node/planWriter.js';
import { fakePlan, fakeReadBanner } from './fakeCodegen.js';

const out = process.argv[2]!;
let renames = 0;
const fs: WriterFs = {
  ...NODE_FS,
  renameSync: (from, to) => {
    if (++renames === 2) {
      process.kill(process.pid, 'SIGKILL');
      // SIGKILL to oneself lands at once; this only bounds the wait if it ever did not.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10_000);
      process.exit(3);
    }
    NODE_FS.renameSync(from, to);
  },
};
applyPlan(fakePlan([['types.ts', 'export type A = "killed";\n'], ['fresh.ts', 'killed\n']]), out, { mode: 'write', force: false, readBanner: fakeReadBanner, fs });
