// What a .vsix holds, read straight from the zip (no unzip tool, no dependency), and the checks
// that it ships only what a user of the extension needs. Used by test-vsix.mjs.
import * as fs from 'node:fs';

/** @typedef {{ name: string, size: number, compressedSize: number }} ZipEntry */

/**
 * The entries of a zip file from its central directory.
 * @param {string} file
 * @returns {ZipEntry[]}
 */
export function readZipEntries(file) {
  const zip = fs.readFileSync(file);
  // The end-of-central-directory record sits in the last 22 bytes plus an optional comment.
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error(`${file} is not a zip file`);
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  /** @type {ZipEntry[]} */
  const entries = [];
  for (let n = 0; n < count; n++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`${file}: broken central directory at entry ${n}`);
    const compressedSize = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    // 0xffffffff means zip64 sizes, which only a package far over budget would need.
    if (size === 0xffffffff || compressedSize === 0xffffffff) throw new Error(`${file}: zip64 entries are not supported`);
    entries.push({ name: zip.toString('utf8', at + 46, at + 46 + nameLength), size, compressedSize });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** vsce's own files at the top of every .vsix; the extension itself is under `extension/`. */
const packagingFiles = ['extension.vsixmanifest', '[Content_Types].xml'];

/**
 * Every file a user may get, relative to `extension/`. vsce renames README.md, CHANGELOG.md and
 * LICENSE to readme.md, changelog.md and LICENSE.txt.
 */
const allowed = [
  /^package\.json$/,
  /^readme\.md$/,
  /^changelog\.md$/,
  /^LICENSE\.txt$/,
  /^dist\/extension\.js$/,
  /^dist\/server\.js$/,
  /^dist\/terminateProcess\.sh$/,
  /^dist\/event-store\.js$/,
  /^dist\/webview\/.+/,
  /^syntaxes\/[^/]+\.tmLanguage\.json$/,
  /^language-configuration\.json$/,
  /^media\/.+/,
  /^schema\/events\.schema\.json$/,
  /^docs\/(diagnostics|model-format)\.md$/,
];

/** Never shipped, named here so a failure says why rather than just "not allowlisted". */
const forbidden = [
  [/\.map$/, 'a source map'],
  [/(^|\/)node_modules\//, 'node_modules (dependencies are bundled into dist/)'],
  [/^(src|test|scripts|examples|bench|out|webview)\//, 'development sources'],
];

/** Files the extension cannot work without, besides those its manifest names. */
const required = ['package.json', 'readme.md', 'changelog.md', 'LICENSE.txt', 'dist/extension.js', 'dist/server.js', 'dist/terminateProcess.sh', 'dist/event-store.js', 'schema/events.schema.json', 'docs/diagnostics.md', 'docs/model-format.md'];

/**
 * Relative files the manifest points at: `main`, `browser`, `icon`, and every `./` string under
 * `contributes` (grammars, language configurations and icons, schemas...), so a new
 * contribution is checked without editing this list.
 */
export function manifestFiles(manifest) {
  const found = new Set();
  const add = (p) => typeof p === 'string' && !/^[a-z]+:/i.test(p) && found.add(p.replace(/^\.\//, ''));
  add(manifest.main);
  add(manifest.browser);
  add(manifest.icon);
  const walk = (value) => {
    if (typeof value === 'string') {
      if (value.startsWith('./')) add(value);
    } else if (value && typeof value === 'object') {
      Object.values(value).forEach(walk);
    }
  };
  walk(manifest.contributes);
  // `main` may leave out the .js extension.
  return [...found].map((p) => (p === manifest.main?.replace(/^\.\//, '') && !p.endsWith('.js') ? `${p}.js` : p));
}

/**
 * Problems with a .vsix's file list; empty when it holds exactly what a user needs.
 * @param {ZipEntry[]} entries
 * @param {object} manifest the extension's package.json
 * @param {string[]} [built] more files that must be shipped, such as the webview bundles
 */
export function checkVsixFiles(entries, manifest, built = []) {
  const problems = [];
  const names = new Set();
  for (const { name } of entries) {
    if (name.endsWith('/') || packagingFiles.includes(name)) continue;
    if (!name.startsWith('extension/')) {
      problems.push(`unexpected ${name} outside extension/`);
      continue;
    }
    const file = name.slice('extension/'.length);
    names.add(file);
    const why = forbidden.find(([re]) => re.test(file));
    if (why) problems.push(`${file} is ${why[1]}`);
    else if (!allowed.some((re) => re.test(file))) problems.push(`${file} is not in the allowlist (.vscodeignore and scripts/vscode/vsix-contents.mjs)`);
  }
  for (const file of new Set([...required, ...manifestFiles(manifest), ...built])) {
    if (!names.has(file)) problems.push(`${file} is missing`);
  }
  return problems;
}
