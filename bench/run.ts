// `npm run bench`: every figure the issues ask for, measured on the running lab, printed.
//   npm run bench                 all of them (the wallboard's CPU and RSS run takes 5 minutes)
//   npm run bench -- status       only one: status | procedures | console | probe-session | single-exe | hostile-files (extra flags pass through)
//   npm run bench -- kill-resume  the kill -9 sweep over every step boundary of switchover and failover (on request only)
// Nothing here asserts: a benchmark reports, the tests judge.
import path from 'node:path';
import { execa } from 'execa';
import { REPO, labIsUp } from '../test/support/lab.js';

const SUITES = ['status', 'procedures', 'console', 'probe-session', 'single-exe', 'hostile-files'] as const;
/** Run only when named: the kill -9 sweep takes about two hours. */
const ON_REQUEST = ['kill-resume'] as const;
const [only, ...rest] = process.argv.slice(2);
const chosen = only && ([...SUITES, ...ON_REQUEST] as readonly string[]).includes(only) ? [only] : SUITES;

if (!labIsUp()) {
  process.stderr.write('bench: the lab is not up; run `npm run lab:up` first\n');
  process.exit(2);
}
for (const suite of chosen) {
  process.stdout.write(`\n=== ${suite} ===\n`);
  await execa(process.execPath, ['--import', 'tsx', path.join(REPO, 'bench', `${suite}.ts`), ...(only ? rest : [])], {
    stdio: 'inherit',
    cwd: REPO,
  });
}
