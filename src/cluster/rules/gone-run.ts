// A run that is gone but still holds the cluster lock (hapilot was killed, the jump host dropped):
// whatever it paused (repmgrd) stays paused and every other run is refused until someone resumes
// it. Said as a finding naming the run, so a wallboard or a monitoring check shows it. Only a run
// started on this machine can be known to be gone (its process is checked); on another machine
// the lock is shown on the node rows as held, as before.
import { hostname } from 'node:os';
import type { Finding, Rule } from '../assessment.js';
import type { LockHolder } from '../facts.js';

export const goneRun: Rule = (ctx) => {
  const seen = new Map<string, { holder: LockHolder; nodes: string[] }>();
  for (const f of [ctx.facts.a, ctx.facts.b]) {
    const lock = f?.lock;
    if (!f || !lock?.known || !lock.value || !isGone(lock.value)) continue;
    const entry = seen.get(lock.value.runId) ?? { holder: lock.value, nodes: [] };
    entry.nodes.push(f.name);
    seen.set(lock.value.runId, entry);
  }
  const paused = ctx.def.automation.map((a) => a.name);
  return [...seen.values()].map(
    ({ holder, nodes }): Finding => ({
      level: 'degraded',
      code: 'run-gone',
      message:
        `run ${holder.runId} (${holder.procedure} by ${holder.operator}, pid ${holder.pid}) is gone but holds the lock on ${nodes.join(', ')}` +
        (paused.length ? `: automation it paused (${paused.join(', ')}) stays paused` : ''),
      advice: `resume it: hapilot run ${holder.procedure} --resume ${holder.runId}`,
    }),
  );
};

function isGone(h: LockHolder): boolean {
  if (h.from !== hostname() || !(h.pid > 0)) return false;
  try {
    process.kill(h.pid, 0);
    return false;
  } catch (e) {
    // EPERM: the process exists under another user.
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
