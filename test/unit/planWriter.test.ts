import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { planGeneratedFiles, validateModelText } from '../../src/core/index.js';
import { ChangedMeanwhileError, NODE_FS, TEMP_SUFFIX, type WriterFs } from '../../src/node/atomicFile.js';
import { applyPlan, isUpToDate, type ApplyOptions, type FileOutcome, type WriteReport } from '../../src/node/planWriter.js';
import { bannered, fakePlan, fakeReadBanner } from './support/fakeCodegen.js';
import { ROOT } from './support/golden.js';

const folders: string[] = [];
function tempFolder(): string {
  const dir = fs.mkdtempSync(path.join(tmpdir(), 'event-model-writer-'));
  folders.push(dir);
  return dir;
}
after(() => {
  for (const d of folders) fs.rmSync(d, { recursive: true, force: true });
});

/** Every entry under a folder (dot files too) with its bytes, to compare before and after. */
function snapshot(dir: string): Map<string, string> {
  const all = new Map<string, string>();
  const walk = (at: string, prefix: string) => {
    for (const e of fs.readdirSync(at, { withFileTypes: true })) {
      const full = path.join(at, e.name);
      if (e.isSymbolicLink()) all.set(prefix + e.name, `-> ${fs.readlinkSync(full)}`);
      else if (e.isDirectory()) walk(full, `${prefix}${e.name}/`);
      else all.set(prefix + e.name, fs.readFileSync(full, 'utf8'));
    }
  };
  if (fs.existsSync(dir)) walk(dir, '');
  return all;
}

function apply(plan: Parameters<typeof applyPlan>[0], out: string, options: Partial<ApplyOptions> = {}): WriteReport {
  return applyPlan(plan, out, { mode: 'write', force: false, readBanner: fakeReadBanner, ...options });
}

const actions = (r: WriteReport) => r.files.map((f) => `${f.action}:${f.reason} ${f.path}`);
const read = (dir: string, rel: string) => fs.readFileSync(path.join(dir, rel), 'utf8');

/** node:fs that counts the calls that change the disk. */
function countingFs(): { fs: WriterFs; changes: () => number } {
  let n = 0;
  const counted = <T extends (...a: never[]) => unknown>(f: T): T => ((...a: Parameters<T>) => (n++, f(...a))) as T;
  return {
    fs: { ...NODE_FS, openSync: (p, flags, mode) => (flags !== 'r' && n++, NODE_FS.openSync(p, flags, mode)), renameSync: counted(NODE_FS.renameSync), unlinkSync: counted(NODE_FS.unlinkSync), mkdirSync: counted(NODE_FS.mkdirSync) as WriterFs['mkdirSync'] },
    changes: () => n,
  };
}

const BASE = fakePlan([
  ['types.ts', 'export type A = 1;\n'],
  ['account.decider.ts', 'export const decide = 1;\n'],
  ['account.handlers.ts', '// Yours.\nexport const handle = 1;\n', 'user'],
  ['nested/deep/index.ts', 'export {};\n'],
]);

describe('plan writer: applyPlan', () => {
  it('writes every file of a fresh plan, creating folders, byte for byte', () => {
    const out = path.join(tempFolder(), 'generated');
    const r = apply(BASE, out);
    assert.deepEqual(actions(r), ['written:new types.ts', 'written:new account.decider.ts', 'written:new account.handlers.ts', 'written:new nested/deep/index.ts']);
    assert.deepEqual(r.counts, { written: 4, unchanged: 0, kept: 0, removed: 0, refused: 0 });
    for (const f of BASE.files) assert.equal(read(out, f.path), f.content);
    assert.deepEqual([...snapshot(out).keys()].sort(), BASE.files.map((f) => f.path).sort(), 'no temporary file left');
  });

  it('a second run with no change writes nothing at all', () => {
    const out = tempFolder();
    apply(BASE, out);
    const before = snapshot(out);
    const mtimes = BASE.files.map((f) => fs.statSync(path.join(out, f.path)).mtimeMs);
    const counting = countingFs();
    const r = apply(BASE, out, { fs: counting.fs });
    assert.deepEqual(actions(r), ['unchanged:same types.ts', 'unchanged:same account.decider.ts', 'kept:user-owned account.handlers.ts', 'unchanged:same nested/deep/index.ts']);
    assert.equal(counting.changes(), 0);
    assert.ok(isUpToDate(r));
    assert.deepEqual(snapshot(out), before);
    assert.deepEqual(BASE.files.map((f) => fs.statSync(path.join(out, f.path)).mtimeMs), mtimes);
  });

  it('rewrites a generated file whose hash is intact when the plan changes it', () => {
    const out = tempFolder();
    apply(BASE, out);
    const next = fakePlan([['types.ts', 'export type A = 2;\n']]);
    const r = apply(next, out);
    assert.equal(r.files[0]!.action, 'written');
    assert.equal(r.files[0]!.reason, 'changed');
    assert.equal(read(out, 'types.ts'), next.files[0]!.content);
  });

  it('refuses a generated file edited by hand, and replaces it only with force', () => {
    const out = tempFolder();
    apply(BASE, out);
    const edited = `${read(out, 'types.ts')}// my tweak\n`;
    fs.writeFileSync(path.join(out, 'types.ts'), edited);
    const next = fakePlan([['types.ts', 'export type A = 2;\n'], ['account.decider.ts', 'export const decide = 1;\n']]);
    const refused = apply(next, out);
    assert.deepEqual(refused.files[0], { path: 'types.ts', action: 'refused', reason: 'edited', owner: 'generated' } satisfies FileOutcome);
    assert.equal(read(out, 'types.ts'), edited);
    assert.ok(!isUpToDate(refused));
    // The same plan again, even unchanged, still refuses: an edit is never silently lost.
    assert.equal(apply(BASE, out).files[0]!.action, 'refused');
    const forced = apply(next, out, { force: true });
    assert.equal(forced.files[0]!.reason, 'replaced-edit');
    assert.equal(read(out, 'types.ts'), next.files[0]!.content);
  });

  it('never touches a file without our banner where a generated file goes, even with force', () => {
    const out = tempFolder();
    fs.writeFileSync(path.join(out, 'types.ts'), 'export type Mine = string;\n');
    for (const force of [false, true]) {
      const r = apply(BASE, out, { force });
      assert.deepEqual(r.files[0], { path: 'types.ts', action: 'refused', reason: 'not-ours', owner: 'generated' } satisfies FileOutcome);
      assert.equal(read(out, 'types.ts'), 'export type Mine = string;\n');
    }
  });

  it('never writes a user-owned file that exists, whatever it holds, even with force', () => {
    const out = tempFolder();
    apply(BASE, out);
    const mine = `${read(out, 'account.handlers.ts')}export const more = 2;\n`;
    fs.writeFileSync(path.join(out, 'account.handlers.ts'), mine);
    const changed = { ...BASE, files: BASE.files.map((f) => (f.owner === 'user' ? { ...f, content: 'a different starting point\n' } : f)) };
    for (const force of [false, true]) {
      assert.deepEqual(apply(changed, out, { force }).files[2], { path: 'account.handlers.ts', action: 'kept', reason: 'user-owned', owner: 'user' });
      assert.equal(read(out, 'account.handlers.ts'), mine);
    }
    // Even a user-owned path that holds one of our generated files stays as it is.
    fs.writeFileSync(path.join(out, 'account.handlers.ts'), bannered('bank.events.yaml', 'old\n'));
    assert.equal(apply(changed, out, { force: true }).files[2]!.action, 'kept');
    assert.equal(read(out, 'account.handlers.ts'), bannered('bank.events.yaml', 'old\n'));
  });

  it('removes our untouched orphans, in subfolders too, and keeps edited ones even with force', () => {
    const out = tempFolder();
    const old = fakePlan([...BASE.files.map((f): [string, string, 'generated' | 'user'] => [f.path, f.owner === 'user' ? f.content : f.content.split('\n').slice(2).join('\n'), f.owner]), ['gone.projection.ts', 'export {};\n'], ['edited.projection.ts', 'export {};\n']]);
    apply(old, out);
    fs.appendFileSync(path.join(out, 'edited.projection.ts'), '// kept logic\n');
    const r = apply(fakePlan([['types.ts', 'export type A = 1;\n']]), out, { force: true });
    assert.deepEqual(actions(r), [
      'unchanged:same types.ts',
      'removed:orphan account.decider.ts',
      'kept:edited-orphan edited.projection.ts',
      'removed:orphan gone.projection.ts',
      'removed:orphan nested/deep/index.ts',
    ]);
    assert.deepEqual([...snapshot(out).keys()].sort(), ['account.handlers.ts', 'edited.projection.ts', 'types.ts']);
  });

  it('leaves alone, and does not list, anything without our banner and anything that is not .ts', () => {
    const out = tempFolder();
    fs.mkdirSync(path.join(out, 'sub'));
    const files: Record<string, string> = {
      'notes.ts': 'export const mine = 1;\n',
      'sub/helper.ts': '// Generated by hand\n',
      'README.md': bannered('bank.events.yaml', 'a doc with our banner\n'),
      'data.json': '{}\n',
      'old.ts.bak': bannered('bank.events.yaml', 'x\n'),
    };
    for (const [rel, text] of Object.entries(files)) fs.writeFileSync(path.join(out, rel), text);
    const r = apply(fakePlan([['types.ts', 'export {};\n']]), out, { force: true });
    assert.deepEqual(actions(r), ['written:new types.ts']);
    for (const [rel, text] of Object.entries(files)) assert.equal(read(out, rel), text);
  });

  it('keeps an untouched file of ours that another model generated', () => {
    const out = tempFolder();
    fs.writeFileSync(path.join(out, 'other.decider.ts'), bannered('other.events.yaml', 'export {};\n'));
    const r = apply(fakePlan([['types.ts', 'export {};\n']]), out);
    assert.deepEqual(actions(r), ['written:new types.ts', 'kept:other-model other.decider.ts']);
    assert.ok(fs.existsSync(path.join(out, 'other.decider.ts')));
  });

  it('does not look outside the output folder, nor into node_modules or through links', () => {
    const parent = tempFolder();
    const out = path.join(parent, 'generated');
    fs.mkdirSync(path.join(out, 'node_modules'), { recursive: true });
    const beside = path.join(parent, 'beside.ts');
    const outside = path.join(parent, 'outside');
    fs.mkdirSync(outside);
    for (const f of [beside, path.join(out, 'node_modules', 'x.ts'), path.join(outside, 'y.ts')]) fs.writeFileSync(f, bannered('bank.events.yaml', 'export {};\n'));
    fs.symlinkSync(outside, path.join(out, 'linked'), 'dir');
    const r = apply(fakePlan([['types.ts', 'export {};\n']]), out);
    assert.deepEqual(actions(r), ['written:new types.ts']);
    for (const f of [beside, path.join(out, 'node_modules', 'x.ts'), path.join(outside, 'y.ts')]) assert.ok(fs.existsSync(f), f);
  });

  it('refuses to write through a symbolic link, at the file or on the way to it', () => {
    const parent = tempFolder();
    const out = path.join(parent, 'generated');
    const outside = path.join(parent, 'outside');
    fs.mkdirSync(out);
    fs.mkdirSync(outside);
    const target = path.join(outside, 'types.ts');
    fs.writeFileSync(target, bannered('bank.events.yaml', 'old\n'));
    fs.symlinkSync(target, path.join(out, 'types.ts'));
    fs.symlinkSync(outside, path.join(out, 'sub'), 'dir');
    const r = apply(fakePlan([['types.ts', 'new\n'], ['sub/types.ts', 'new\n'], ['sub/fresh.ts', 'new\n']]), out, { force: true });
    assert.deepEqual(actions(r), ['refused:not-ours types.ts', 'refused:not-ours sub/types.ts', 'refused:not-ours sub/fresh.ts']);
    assert.equal(fs.readFileSync(target, 'utf8'), bannered('bank.events.yaml', 'old\n'));
    assert.ok(!fs.existsSync(path.join(outside, 'fresh.ts')));
    assert.ok(fs.lstatSync(path.join(out, 'types.ts')).isSymbolicLink());
  });

  it('refuses a folder standing where a generated file goes', () => {
    const out = tempFolder();
    fs.mkdirSync(path.join(out, 'types.ts'));
    assert.deepEqual(actions(apply(fakePlan([['types.ts', 'x\n']]), out, { force: true })), ['refused:not-ours types.ts']);
  });

  for (const mode of ['check', 'dry-run'] as const) {
    it(`${mode} reports what write would do and changes nothing`, () => {
      const out = tempFolder();
      apply(BASE, out);
      fs.appendFileSync(path.join(out, 'account.decider.ts'), '// edit\n');
      const next = fakePlan([['types.ts', 'export type A = 2;\n'], ['account.decider.ts', 'export const decide = 2;\n'], ['account.handlers.ts', 'x', 'user'], ['fresh.ts', 'export {};\n']]);
      const before = snapshot(out);
      const counting = countingFs();
      const r = applyPlan(next, out, { mode, force: false, readBanner: fakeReadBanner, fs: counting.fs });
      assert.equal(r.mode, mode);
      assert.deepEqual(snapshot(out), before);
      assert.equal(counting.changes(), 0);
      assert.deepEqual(actions(r), ['written:changed types.ts', 'refused:edited account.decider.ts', 'kept:user-owned account.handlers.ts', 'written:new fresh.ts', 'removed:orphan nested/deep/index.ts']);
      assert.deepEqual(actions(apply(next, out)), actions(r), 'write does what was reported');
    });
  }

  it('a missing output folder in check mode is reported, not created', () => {
    const out = path.join(tempFolder(), 'generated');
    const r = applyPlan(BASE, out, { mode: 'check', force: false, readBanner: fakeReadBanner });
    assert.equal(r.counts.written, 4);
    assert.ok(!fs.existsSync(out));
  });

  it('rejects paths that leave the output folder before touching anything', () => {
    const parent = tempFolder();
    const out = path.join(parent, 'generated');
    for (const bad of ['../escape.ts', '/abs.ts', 'a/../../b.ts', 'C:/x.ts', 'C:x.ts', 'a\\b.ts', '', 'a//b.ts', './a.ts', 'a/./b.ts', 'nul\0.ts']) {
      const plan = fakePlan([['first.ts', 'x\n'], [bad, 'x\n']]);
      assert.throws(() => apply(plan, out), /unsafe path/, JSON.stringify(bad));
    }
    assert.throws(() => apply(fakePlan([['a.ts', 'x\n'], ['a.ts', 'y\n']]), out), /twice/);
    assert.deepEqual([...snapshot(parent).keys()], []);
  });

  it("reads banners with the core's readBanner by default, and applies a real plan twice without a write", () => {
    const out = tempFolder();
    const fromCore = (plan: Parameters<typeof applyPlan>[0], options: Partial<ApplyOptions> = {}) => applyPlan(plan, out, { mode: 'write', force: false, ...options });
    fromCore(BASE);
    fs.appendFileSync(path.join(out, 'types.ts'), '// edit\n');
    assert.deepEqual(actions(fromCore(fakePlan([['types.ts', 'export type A = 2;\n'], ['account.decider.ts', 'export const decide = 2;\n']]))).slice(0, 2), ['refused:edited types.ts', 'written:changed account.decider.ts']);

    const bank = validateModelText(fs.readFileSync(path.join(ROOT, 'examples/bank/bank.events.yaml'), 'utf8')).parsed.model;
    const plan = planGeneratedFiles(bank, { modelPath: 'bank.events.yaml' });
    const real = path.join(tempFolder(), 'generated');
    const first = applyPlan(plan, real, { mode: 'write', force: false });
    assert.equal(first.counts.written, plan.files.length);
    const counting = countingFs();
    const second = applyPlan(plan, real, { mode: 'write', force: false, fs: counting.fs });
    assert.ok(isUpToDate(second));
    assert.equal(counting.changes(), 0);
  });

  it('refuses an output folder that is a file', () => {
    const out = path.join(tempFolder(), 'generated');
    fs.writeFileSync(out, 'a file');
    assert.throws(() => apply(BASE, out), /is a file/);
    assert.equal(fs.readFileSync(out, 'utf8'), 'a file');
  });
});

describe('plan writer: atomic writes', () => {
  const OLD = fakePlan([['types.ts', 'export type A = "old";\n'], ['fresh.ts', 'x\n']]);
  const NEW = fakePlan([['types.ts', `export type A = "${'new'.repeat(2000)}";\n`], ['fresh.ts', 'x\n'], ['another.ts', 'y\n']]);

  function failing(overrides: Partial<WriterFs>): WriterFs {
    return { ...NODE_FS, ...overrides };
  }

  /** Runs a failing write, then checks each file is either its old or its new content and no temp file is left. */
  function assertOldOrNew(out: string, failure: Partial<WriterFs>, expected: RegExp) {
    fs.rmSync(path.join(out, 'fresh.ts'), { force: true });
    apply(OLD, out);
    fs.rmSync(path.join(out, 'fresh.ts'));
    assert.throws(() => apply(NEW, out, { fs: failing(failure) }), expected);
    const after = snapshot(out);
    for (const [rel, text] of after) {
      const candidates = [OLD, NEW].flatMap((p) => p.files.filter((f) => f.path === rel).map((f) => f.content));
      assert.ok(candidates.includes(text), `${rel} is old or new, never partial`);
    }
    assert.deepEqual([...after.keys()].filter((k) => k.endsWith(TEMP_SUFFIX)), [], 'no temporary file left behind');
    return after;
  }

  it('a failing rename leaves the old file and no temporary file', () => {
    const out = tempFolder();
    const after = assertOldOrNew(out, { renameSync: () => { throw Object.assign(new Error('EXDEV: rename failed'), { code: 'EXDEV' }); } }, /EXDEV/);
    assert.equal(after.get('types.ts'), OLD.files[0]!.content);
    assert.ok(!after.has('fresh.ts'));
  });

  it('a crash between the temporary write and the rename (or link) leaves the old file', () => {
    const out = tempFolder();
    let published = 0;
    const crashOnSecond = () => {
      if (++published === 2) throw new Error('crash before publishing');
    };
    const after = assertOldOrNew(out, {
      renameSync: (from, to) => (crashOnSecond(), NODE_FS.renameSync(from, to)),
      linkSync: (from, to) => (crashOnSecond(), NODE_FS.linkSync(from, to)),
    }, /crash before publishing/);
    assert.equal(after.get('types.ts'), NEW.files[0]!.content, 'the first file was replaced whole');
    assert.ok(!after.has('fresh.ts'), 'the second never appeared');
  });

  it('a write that fails half way, or a failing fsync, leaves the old file', () => {
    const out = tempFolder();
    const half = assertOldOrNew(out, {
      writeSync: ((fd: number, data: Uint8Array, offset: number, length: number) => {
        if (offset > 0) throw Object.assign(new Error('ENOSPC: no space left'), { code: 'ENOSPC' });
        return NODE_FS.writeSync(fd, data, offset, Math.min(length, 100));
      }) as WriterFs['writeSync'],
    }, /ENOSPC/);
    assert.equal(half.get('types.ts'), OLD.files[0]!.content);
    const sync = assertOldOrNew(out, { fsyncSync: () => { throw new Error('EIO: fsync'); } }, /EIO/);
    assert.equal(sync.get('types.ts'), OLD.files[0]!.content);
  });

  it('a file that appears, or changes, while it is being written is left as it is', () => {
    const out = tempFolder();
    apply(OLD, out);
    fs.rmSync(path.join(out, 'fresh.ts'));
    // Another program saves a file at the moment the writer has its temporary copy ready.
    const racing = (file: string, text: string) => failing({
      fsyncSync: (fd) => {
        NODE_FS.fsyncSync(fd);
        if (!fs.existsSync(path.join(out, file)) || !read(out, file).includes(text)) fs.writeFileSync(path.join(out, file), text);
      },
    });
    assert.throws(() => apply(fakePlan([['types.ts', 'export type A = "old";\n'], ['fresh.ts', 'new\n']]), out, { fs: racing('fresh.ts', 'mine\n') }), ChangedMeanwhileError);
    assert.equal(read(out, 'fresh.ts'), 'mine\n');
    const edited = `${OLD.files[0]!.content}// saved meanwhile\n`;
    assert.throws(() => apply(NEW, out, { fs: racing('types.ts', edited), force: true }), ChangedMeanwhileError);
    assert.equal(read(out, 'types.ts'), edited);
    assert.deepEqual([...snapshot(out).keys()].filter((k) => k.endsWith(TEMP_SUFFIX)), []);
  });

  it('an orphan edited while the writer looks is not removed', () => {
    const out = tempFolder();
    apply(OLD, out);
    const orphan = path.join(out, 'fresh.ts');
    let reads = 0;
    const editing = failing({
      readFileSync: ((file: string) => {
        if (file === orphan && ++reads === 2) fs.appendFileSync(orphan, '// saved meanwhile\n');
        return NODE_FS.readFileSync(file);
      }) as WriterFs['readFileSync'],
    });
    assert.throws(() => apply(fakePlan([['types.ts', 'export type A = "old";\n']]), out, { fs: editing }), ChangedMeanwhileError);
    assert.match(read(out, 'fresh.ts'), /saved meanwhile/);
  });

  it('without hard links, a new file is still written (checked, then renamed)', () => {
    const out = tempFolder();
    const noLinks = failing({ linkSync: () => { throw Object.assign(new Error('EPERM: operation not permitted'), { code: 'EPERM' }); } });
    apply(NEW, out, { fs: noLinks });
    for (const f of NEW.files) assert.equal(read(out, f.path), f.content);
    assert.deepEqual([...snapshot(out).keys()].filter((k) => k.endsWith(TEMP_SUFFIX)), []);
  });

  it('short writes are continued until the file is whole', () => {
    const out = tempFolder();
    const dribble = failing({ writeSync: ((fd: number, data: Uint8Array, offset: number, length: number) => NODE_FS.writeSync(fd, data, offset, Math.min(length, 7))) as WriterFs['writeSync'] });
    apply(NEW, out, { fs: dribble });
    for (const f of NEW.files) assert.equal(read(out, f.path), f.content);
  });

  it('a process killed between the temporary write and the rename leaves each file old or new', async () => {
    const { spawnSync } = await import('node:child_process');
    const out = tempFolder();
    apply(OLD, out);
    const script = path.join(__dirname, 'support', 'killedWriter.ts');
    const child = spawnSync(process.execPath, ['--import', 'tsx', script, out], { encoding: 'utf8' });
    assert.equal(child.signal, 'SIGKILL', child.stderr);
    const after = snapshot(out);
    assert.equal(after.get('types.ts'), fakePlan([['types.ts', 'export type A = "killed";\n']]).files[0]!.content, 'renamed before the kill: new');
    assert.equal(after.get('fresh.ts'), OLD.files[1]!.content, 'killed before its rename: old');
    // What the kill left is a temporary file, which no later run mistakes for a file of the plan.
    const temps = [...after.keys()].filter((k) => k.endsWith(TEMP_SUFFIX));
    assert.equal(temps.length, 1);
    const again = apply(OLD, out, { force: true });
    assert.deepEqual(actions(again), ['written:changed types.ts', 'unchanged:same fresh.ts']);
  });
});
