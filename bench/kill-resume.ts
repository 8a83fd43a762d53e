// The kill -9 sweep of issue 18: every step boundary of switchover and failover on the lab (just
// after a step starts, just after it ends), each killed, resumed with the same --confirm flags and
// checked (success, healthy, repmgrd running, zero loss; the lab put back). Prints one line per
// point and a summary; asserts nothing itself, a failed point is reported and the sweep goes on.
//   npx tsx bench/kill-resume.ts [--only switchover|failover] [--from N] [--limit N] [--budget-minutes M]
// About 90 s a switchover point and 120 s a failover point: the whole sweep (70 points on the
// default lab) takes about two hours.
import { killAndResume, killPoints, pointName } from '../test/integration/ops/kill-resume-scenario.js';
import { requireLab } from '../test/support/lab.js';

const args = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
requireLab();
const only = opt('only');
const from = Number(opt('from') ?? 0);
const limit = Number(opt('limit') ?? Number.POSITIVE_INFINITY);
const budgetMs = Number(opt('budget-minutes') ?? Number.POSITIVE_INFINITY) * 60_000;
const points = (await killPoints()).filter((p) => !only || p.procedure === only).slice(from, from + limit);

const started = Date.now();
const rows: { point: string; ok: boolean; seconds: number; detail: string }[] = [];
for (const p of points) {
  if (Date.now() - started > budgetMs) {
    process.stdout.write(`budget spent: ${points.length - rows.length} points not run\n`);
    break;
  }
  const t0 = Date.now();
  try {
    const r = await killAndResume(p);
    const unknown = r.resumeDecisions.filter((d) => /outcome unknown/.test(d)).join(' | ');
    rows.push({
      point: pointName(p),
      ok: true,
      seconds: (Date.now() - t0) / 1000,
      detail: `killed at ${(r.killedAfterMs / 1000).toFixed(1)} s, resume ${(r.resumeMs / 1000).toFixed(1)} s, ${r.committed} rows kept, longest write gap ${(r.longestWriteGapMs / 1000).toFixed(1)} s${unknown ? `; ${unknown}` : ''}`,
    });
  } catch (e) {
    rows.push({
      point: pointName(p),
      ok: false,
      seconds: (Date.now() - t0) / 1000,
      detail: String(e instanceof Error ? e.message : e).split('\n')[0]!,
    });
  }
  const last = rows.at(-1)!;
  process.stdout.write(`${last.ok ? 'ok  ' : 'FAIL'} ${last.point.padEnd(44)} ${last.seconds.toFixed(0).padStart(4)} s  ${last.detail}\n`);
}
const failed = rows.filter((r) => !r.ok);
process.stdout.write(
  `\n${rows.length} points run in ${((Date.now() - started) / 60_000).toFixed(1)} min: ${rows.length - failed.length} resumed to a healthy cluster with no row lost, ${failed.length} failed${failed.length ? `: ${failed.map((f) => f.point).join(', ')}` : ''}\n`,
);
