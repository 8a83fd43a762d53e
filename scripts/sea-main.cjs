// The single executable's main script (`npm run package`, scripts/package.mjs). Node 24 runs a
// single executable's main as CommonJS, and hapilot is an ES module bundle split in chunks (Ink
// needs top-level await, which CommonJS cannot have; the chunks keep `status` from loading Ink).
// So the bundle's files are the executable's assets, and this script serves them to Node's ES
// module loader under a URL of their own, then imports the entry as `node dist/cli.js` would.
// Nothing is written to disk and nothing is read from beside the executable.
const { getAsset } = require('node:sea');
const { registerHooks } = require('node:module');
const { pathToFileURL } = require('node:url');

// Module URLs under the executable's own path (…/hapilot-linux-x64/cli.js): a stack trace names
// the file that holds the code. No such folder exists; only this loader answers for it.
const ROOT = `${pathToFileURL(process.execPath).href}/`;
const BUNDLE = 'bundle/';

registerHooks({
  resolve(specifier, context, nextResolve) {
    const parent = context.parentURL;
    if (specifier.startsWith(ROOT)) return { url: specifier, format: 'module', shortCircuit: true };
    if (parent?.startsWith(ROOT) && (specifier.startsWith('./') || specifier.startsWith('../'))) {
      return { url: new URL(specifier, parent).href, format: 'module', shortCircuit: true };
    }
    return nextResolve(specifier, context);
  },
  load(url, context, nextLoad) {
    if (!url.startsWith(ROOT)) return nextLoad(url, context);
    return { format: 'module', source: getAsset(BUNDLE + url.slice(ROOT.length), 'utf8'), shortCircuit: true };
  },
});

// An error while starting is left to Node, which prints it and exits 1, as under `node dist/cli.js`.
void import(`${ROOT}cli.js`);
