// `npm run` (and `npm test`, `npm exec`) hands its scripts an environment full of its own state:
// every non-default setting as `npm_config_*`, the package's fields as `npm_package_*`, the
// script's name, the paths of its node and npm, and `node_modules/.bin` folders on PATH. A nested
// npm reads each `npm_config_*` variable as its own setting, and install scripts read some of
// them too: code-server's postinstall takes the Node version from `npm_config_user_agent`, so
// under `npm test` it saw the outer npm's Node 20 and refused to build. Node and npm processes
// started by these scripts get the environment without all that, as if started from a shell.
import * as path from 'node:path';

/**
 * npm settings about reaching the registry, kept because a machine that reaches only a mirror
 * or a proxy needs them in every npm, whichever Node runs it (names as npm exports them).
 */
export const registryAccessSettings = ['registry', 'proxy', 'https_proxy', 'noproxy', 'cafile', 'ca', 'strict_ssl', 'userconfig'];

const keptSettings = new Set(registryAccessSettings.map((name) => `npm_config_${name}`));

/** True when `env` is that of a script run by npm (or by a package manager that mimics it). */
export function isNpmScriptEnv(env) {
  return env.npm_execpath !== undefined || env.npm_lifecycle_event !== undefined;
}

/** A folder npm puts on a script's PATH: some `node_modules/.bin`, or npm's own node-gyp shim. */
function isNpmPathEntry(entry) {
  const parts = entry.split(path.sep).filter(Boolean);
  const [parent, last] = parts.slice(-2);
  return (parent === 'node_modules' && last === '.bin') || (last === 'node-gyp-bin' && parts.includes('run-script'));
}

/**
 * A copy of `env` without what npm added to it for a script: every `npm_*` variable except the
 * registry-access settings, INIT_CWD, NODE, COLOR, NODE_OPTIONS and NODE_ENV when npm derived
 * them from its settings, and the PATH folders it put in front. Outside an npm script, `env`
 * is copied unchanged: `npm_config_*` variables there are the user's own settings.
 * Pure: reads nothing but its argument.
 * @param {Record<string, string | undefined>} env
 * @returns {Record<string, string>}
 */
export function withoutNpmEnv(env) {
  /** @type {Record<string, string>} */
  const result = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined) result[key] = value;
  if (!isNpmScriptEnv(env)) return result;

  for (const key of Object.keys(result)) {
    if (/^npm_/i.test(key) && !keptSettings.has(key.toLowerCase())) delete result[key];
  }
  delete result.INIT_CWD;
  delete result.NODE;
  delete result.COLOR;
  // npm sets these two only from its own settings (`node-options`; `omit` including dev).
  if (env.npm_config_node_options !== undefined && env.NODE_OPTIONS === env.npm_config_node_options) delete result.NODE_OPTIONS;
  if (env.NODE_ENV === 'production' && (env.npm_config_omit ?? '').split(/\s+/).includes('dev')) delete result.NODE_ENV;
  for (const key of Object.keys(result)) {
    if (/^path$/i.test(key)) {
      result[key] = result[key].split(path.delimiter).filter((entry) => entry !== '' && !isNpmPathEntry(entry)).join(path.delimiter);
    }
  }
  return result;
}
