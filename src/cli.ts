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
// Without HOME, Node asks the user database for the home folder, and a user it does not know (an
// arbitrary uid in a container) has none; libraries hapilot loads then fail at import with a stack
// trace. hapilot keeps known_hosts, its journal and its preferences there: say what is missing.
try {
  (await import('node:os')).homedir();
} catch {
  process.stderr.write(
    `hapilot: no home folder: HOME is not set and user id ${process.getuid?.()} is not in the user database (/etc/passwd).\n` +
      'Set HOME to a folder of yours (hapilot reads ~/.ssh/known_hosts and keeps its journal and preferences there).\n',
  );
  process.exit(2);
}
// Node keeps the compiled code of hapilot and its libraries on disk between runs (Node >= 22.1):
// with the bundle, about 60 ms off every start here (0.15 s instead of 0.21 s for --help).
(await import('node:module')).enableCompileCache?.();
const { main } = await import('./cli/main.js');
process.exitCode = await main(process.argv.slice(2));
