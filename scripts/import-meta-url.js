// Injected into CommonJS bundles by scripts/build.mjs: the bundle's own file URL.
export const __import_meta_url = require('url').pathToFileURL(__filename).href;
