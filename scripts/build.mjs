// `npm run build`: dist/ as hapilot runs it, bundled by esbuild (the TypeScript compiler only
// type-checks: `npm run typecheck`). Why a bundle: Ink alone is about 550 small modules, and
// resolving and loading them took ~400 ms of every console start on this kind of machine; one
// file per entry and per dynamic import (the console, the wallboard, the wizard) loads in a
// fraction of that. What stays outside: ssh2 and its optional native crypto binding (loaded from
// node_modules at run time), and Ink's devtools hook, which is never enabled.
import { chmod, rm } from 'node:fs/promises';
import { build } from 'esbuild';

await rm('dist', { recursive: true, force: true });
await build({
  entryPoints: ['src/cli.ts'],
  outdir: 'dist',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  // The console, the wallboard and the wizard stay separate chunks, loaded by dynamic import:
  // `status` never loads Ink, and `watch` never loads the procedures.
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  sourcemap: true,
  external: ['ssh2', 'cpu-features', 'react-devtools-core'],
  // CommonJS libraries inside the ESM bundle call require() for Node's own modules.
  banner: {
    js: "import { createRequire as __hapilotCreateRequire } from 'node:module'; const require = __hapilotCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
await chmod('dist/cli.js', 0o755);
