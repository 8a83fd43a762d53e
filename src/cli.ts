#!/usr/bin/env node
// Entry point. It only checks the runtime, then loads the real program: Ink 8 and the libraries
// under it need Node >= 22, and on an older Node their imports would fail with an obscure error
// before any of hapilot's own code could explain what is wrong.
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  process.stderr.write(
    `hapilot: needs Node.js >= 22 (this is ${process.version}).\n` +
      `Run it through npm in the project (npm run hapilot -- ARGS), which uses the pinned Node 24,\n` +
      `or install Node 24.\n`,
  );
  process.exit(2);
}
// Node keeps the compiled code of hapilot and its libraries on disk between runs (Node >= 22.1):
// with the bundle, about 60 ms off every start here (0.15 s instead of 0.21 s for --help).
(await import('node:module')).enableCompileCache?.();
const { main } = await import('./cli/main.js');
process.exitCode = await main(process.argv.slice(2));
