// The esbuild bundle of src/cli.ts, shared by `npm run build` (dist/, run by the pinned Node beside
// node_modules) and `npm run package` (the single executable, which has no node_modules).
// One entry and one chunk per dynamic import (the console, the wallboard, the wizard, the commands
// that do things): `status` never loads Ink, and `watch` never loads the procedures.
import { build } from 'esbuild';

/**
 * @param {{ outdir: string, external: string[], sourcemap: boolean, plugins?: import('esbuild').Plugin[] }} opts
 *   external: what stays outside the bundle and is loaded with require() at run time.
 */
export function bundle({ outdir, external, sourcemap, plugins = [] }) {
  return build({
    entryPoints: ['src/cli.ts'],
    outdir,
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    sourcemap,
    plugins,
    // Ink's devtools hook is never enabled (it needs DEV=true and a devtools server).
    external: ['react-devtools-core', ...external],
    // CommonJS libraries inside the ESM bundle call require() for Node's own modules and may read
    // __dirname (ssh2's pure-JS poly1305 does, when it is bundled); ESM has neither, so each chunk
    // gets them from its own URL. `define` renames only free uses, never a module's own variable.
    define: { __dirname: '__hapilotDirname', __filename: '__hapilotFilename' },
    banner: {
      js: [
        "import { createRequire as __hapilotCreateRequire } from 'node:module';",
        "import { fileURLToPath as __hapilotFileURLToPath } from 'node:url';",
        'const require = __hapilotCreateRequire(import.meta.url);',
        'const __hapilotFilename = __hapilotFileURLToPath(import.meta.url);',
        "const __hapilotDirname = __hapilotFilename.slice(0, __hapilotFilename.lastIndexOf('/'));",
      ].join(' '),
    },
    logLevel: 'warning',
  });
}
