// `npm run build`: dist/ as hapilot runs it, bundled by esbuild (the TypeScript compiler only
// type-checks: `npm run typecheck`). Why a bundle: Ink alone is about 550 small modules, and
// resolving and loading them took ~400 ms of every console start on this kind of machine; one
// file per entry and per dynamic import (the console, the wallboard, the wizard) loads in a
// fraction of that. What stays outside: ssh2 and its optional native crypto binding (loaded from
// node_modules at run time). `npm run package` makes the single executable (scripts/package.mjs).
import { chmod, rm } from 'node:fs/promises';
import { bundle } from './bundle.mjs';

// Only what this build writes: the single executable beside it (npm run package) stays.
for (const old of ['dist/cli.js', 'dist/cli.js.map', 'dist/chunks']) await rm(old, { recursive: true, force: true });
await bundle({ outdir: 'dist', external: ['ssh2', 'cpu-features'], sourcemap: true });
await chmod('dist/cli.js', 0o755);
