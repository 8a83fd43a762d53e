// `npm run package`: hapilot as ONE executable file for linux-x64, dist/hapilot-linux-x64, that
// runs on a machine without Node (Node's single executable applications). It is the pinned Node
// binary with a blob injected (postject) that holds:
//   - scripts/sea-main.cjs, the main script, which serves the bundle below to Node's ES module
//     loader (a single executable's main is CommonJS on Node 24; Ink needs ES modules);
//   - the bundle, built like dist/ but with ssh2 inside: the same entry and chunks, so `status`
//     still never loads Ink and `watch` never loads the procedures;
//   - package.json (the version) and procedures/*.yaml, read through src/package-root.ts.
// Native addons cannot be loaded from the blob: ssh2's crypto binding and cpu-features are
// replaced by a module that throws, and ssh2 falls back to its pure-JS crypto, as it does when
// the binding was not built. The binary is stripped of its symbols first (126 MB -> 108 MB).
// Needs: Linux x64, the pinned Node 24 (npm run puts it first in PATH), `strip` (binutils).
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bundle } from './bundle.mjs';

const require = createRequire(import.meta.url);
const { inject } = require('postject');

export const OUTPUT = 'dist/hapilot-linux-x64';
// The fuse Node looks for to know a blob was injected (Node's documentation, "single executable applications").
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

function fail(message) {
  process.stderr.write(`npm run package: ${message}\n`);
  process.exit(1);
}
if (process.platform !== 'linux' || process.arch !== 'x64') fail(`builds for linux-x64 only (this is ${process.platform}-${process.arch})`);
if (!process.version.startsWith('v24.')) fail(`needs the pinned Node 24 (this is ${process.version}): run it as npm run package`);

/** ssh2's optional native parts, replaced by a module that throws (ssh2 catches it and uses pure JS). */
const withoutNativeAddons = {
  name: 'without-native-addons',
  setup(build) {
    build.onResolve({ filter: /\.node$|^cpu-features$/ }, (args) => ({ path: args.path, namespace: 'absent-native-addon' }));
    build.onLoad({ filter: /.*/, namespace: 'absent-native-addon' }, (args) => ({
      contents: `throw new Error(${JSON.stringify(`${args.path}: native addons are not part of the single executable`)});`,
      loader: 'js',
    }));
  },
};

function filesUnder(dir, rel = '') {
  return readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(dir, path.join(rel, e.name)) : [path.join(rel, e.name)],
  );
}

const work = mkdtempSync(path.join(tmpdir(), 'hapilot-package-'));
try {
  const bundleDir = path.join(work, 'bundle');
  await bundle({ outdir: bundleDir, external: [], sourcemap: false, plugins: [withoutNativeAddons] });

  // Asset keys: bundle/REL for the code (sea-main.cjs), package/REL for the package's files (src/package-root.ts).
  const assets = {};
  for (const rel of filesUnder(bundleDir)) assets[`bundle/${rel}`] = path.resolve(bundleDir, rel);
  assets['package/package.json'] = path.resolve('package.json');
  for (const name of readdirSync('procedures').filter((f) => f.endsWith('.yaml'))) {
    assets[`package/procedures/${name}`] = path.resolve('procedures', name);
  }
  const blob = path.join(work, 'sea.blob');
  const config = path.join(work, 'sea-config.json');
  writeFileSync(
    config,
    JSON.stringify({ main: path.resolve('scripts/sea-main.cjs'), output: blob, disableExperimentalSEAWarning: true, assets }, null, 2),
  );
  // It says "Wrote single executable preparation blob" on success: only a failure is worth showing.
  execFileSync(process.execPath, ['--experimental-sea-config', config], { stdio: ['ignore', 'pipe', 'pipe'] });

  const exe = path.join(work, 'hapilot');
  copyFileSync(process.execPath, exe);
  chmodSync(exe, 0o755);
  try {
    execFileSync('strip', ['--strip-all', exe], { stdio: 'inherit' });
  } catch (err) {
    fail(`strip failed (${err.message}); it comes with binutils (apt-get install binutils)`);
  }
  // postject (LIEF) warns about the unnamed notes of Node's binary; those warnings are not errors.
  await inject(exe, 'NODE_SEA_BLOB', readFileSync(blob), { sentinelFuse: SEA_FUSE });
  renameOrCopy(exe, OUTPUT);
  chmodSync(OUTPUT, 0o755);
  const mb = (statSync(OUTPUT).size / 1e6).toFixed(1);
  process.stdout.write(
    `${OUTPUT}: ${mb} MB (Node ${process.version} and hapilot ${JSON.parse(readFileSync('package.json', 'utf8')).version})\n`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}

/** The temporary folder may be on another file system than dist/. */
function renameOrCopy(from, to) {
  rmSync(to, { force: true });
  try {
    renameSync(from, to);
  } catch {
    copyFileSync(from, to);
  }
}
