// Issue 18 item 5: hapilot killed with kill -9 at a step boundary of a switchover or a failover,
// then resumed with the same --confirm flags: the run succeeds, the cluster ends healthy with its
// automation running, and no committed row is lost. One point per suite run, in turn (a counter
// per lab in the temporary folder); HAPILOT_KILL_POINT=switchover:promote:start picks one;
// bench/kill-resume.ts sweeps them all.
import { test, before, after } from 'node:test';
import { requireLab } from '../../support/lab.js';
import { ensureNominal } from './helpers.js';
import { killAndResume, pickPoint, pointName } from './kill-resume-scenario.js';

before(requireLab);
after(ensureNominal);

test('killed at a step boundary (kill -9), resumed with the same flags: succeeds, healthy, repmgrd running, zero loss', async () => {
  const point = await pickPoint();
  process.stdout.write(`# kill point: ${pointName(point)}\n`);
  const r = await killAndResume(point);
  process.stdout.write(
    `# ${r.point}: killed ${r.killedAfterMs} ms into the run, resume took ${r.resumeMs} ms, ${r.committed} committed rows all kept, longest write gap ${r.longestWriteGapMs} ms\n`,
  );
  // What the resume decided about the step it found cut short (gate answers left out).
  for (const d of r.resumeDecisions.filter((x) => /outcome unknown/.test(x))) process.stdout.write(`#   ${d}\n`);
});
