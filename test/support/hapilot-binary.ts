// Which built hapilot the tests and benchmarks start, in one place:
//   node    `node_modules/.bin/node dist/cli.js` (the pinned Node, the bundle, ssh2 from node_modules)
//   single  `dist/hapilot-linux-x64` (`npm run package`: one file, no Node, no node_modules)
// HAPILOT_BINARY=single|node chooses for a whole run; the default is `node`. Suites that still
// name dist/cli.js themselves (test/e2e/support.ts, bench/) switch by taking HAPILOT and
// ensureHapilotBuilt from here.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { REPO } from './lab.js';

export const NODE = path.join(REPO, 'node_modules/.bin/node');
export const DIST_CLI = path.join(REPO, 'dist/cli.js');
export const SINGLE_EXECUTABLE = path.join(REPO, 'dist/hapilot-linux-x64');

export type HapilotBinary = 'node' | 'single';

/** argv that starts the chosen hapilot (append its arguments). */
export function hapilotCommand(binary: HapilotBinary = chosenBinary()): readonly string[] {
  return binary === 'single' ? [SINGLE_EXECUTABLE] : [NODE, DIST_CLI];
}

export function chosenBinary(): HapilotBinary {
  const v = process.env.HAPILOT_BINARY ?? 'node';
  if (v !== 'node' && v !== 'single') throw new Error(`HAPILOT_BINARY=${v}: expected node or single`);
  return v;
}

/** The chosen hapilot, as argv. */
export const HAPILOT: readonly string[] = hapilotCommand();

/** What each build is made from: it is rebuilt when any of these is newer than it. */
const SOURCES: Record<HapilotBinary, string[]> = {
  node: ['src', 'scripts/build.mjs', 'scripts/bundle.mjs'],
  single: ['src', 'scripts', 'procedures', 'package.json'],
};

function newestMtime(p: string): number {
  const s = statSync(p);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(0, ...readdirSync(p).map((e) => newestMtime(path.join(p, e))));
}

/**
 * Builds what `binary` runs if it is missing or older than its sources: dist/ in about 1 s; the
 * single executable in 25-30 s on this 2-core machine under load (10 s of CPU, most of it in
 * postject's WebAssembly ELF editor), so only when a source changed since the last package.
 */
export async function ensureHapilotBuilt(binary: HapilotBinary = chosenBinary()): Promise<void> {
  const target = binary === 'single' ? SINGLE_EXECUTABLE : DIST_CLI;
  const sources = Math.max(...SOURCES[binary].map((p) => newestMtime(path.join(REPO, p))));
  if (existsSync(target) && statSync(target).mtimeMs >= sources) return;
  await execa('npm', ['run', '-s', binary === 'single' ? 'package' : 'build'], { cwd: REPO, timeout: 300_000 });
}
