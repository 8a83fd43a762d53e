// What `hapilot run PROCEDURE` does, loaded only when that command runs (src/cli/run.ts declares
// it): the plan first, then the run with the same gates and journal as the console's wizard.
import { shellQuote } from '../transport/quote.js';
import { visibleLine } from '../format/visible.js';
import { openSession, type Session } from '../transport/session.js';
import { createEngine, dryRunPreflight, planText, prepareRun, procedures } from '../ops/launcher.js';
import { notApplicable, planRecord } from '../ops/plan.js';
import { scriptedOperator, type Operator } from '../ops/operator.js';
import { readRun } from '../ops/journal.js';
import { checkPlannedUnchanged, resumableRuns, resumePoint, unfinishedRuns } from '../ops/resume.js';
import { loadClusterFor } from './cluster-file.js';
import { UsageError } from './errors.js';
import { printProgress } from './run-progress.js';
import { terminalOperator } from './terminal-operator.js';
import { RUN_EXIT } from '../exit-codes.js';
import type { RunOptions } from './run.js';

export async function runAction(name: string | undefined, opts: RunOptions): Promise<void> {
  const cluster = loadClusterFor(opts.cluster);
  if (opts.list || !name) {
    // Only what applies to this cluster file; the others are named once, with why not.
    const all = [...procedures(cluster)].sort(([x], [y]) => x.localeCompare(y));
    const not: string[] = [];
    for (const [, p] of all) {
      const why = notApplicable(p.procedure, cluster.def);
      if (why) not.push(`${p.procedure.name} (${why.replace(/, which .*$/, '')})`);
      else process.stdout.write(`${p.procedure.name.padEnd(12)} ${p.procedure.title}${p.builtin ? '' : `  (site: ${p.file})`}\n`);
    }
    if (not.length) process.stdout.write(`not for cluster ${cluster.def.name}: ${not.join(', ')}\n`);
    if (!name && !opts.list) process.stdout.write('\nhapilot run PROCEDURE --dry-run shows its plan.\n');
    return;
  }
  const unattended = opts.confirm.length > 0 || !process.stdin.isTTY;
  if (!opts.dryRun && unattended && opts.confirm.length === 0) {
    throw new UsageError('not at a terminal: pass --confirm NODE for each node this procedure changes (see the plan with --dry-run)');
  }
  const session = openSession(cluster, { readOnly: Boolean(opts.dryRun), interactiveHostKey: null });
  try {
    process.exitCode = await runProcedure(cluster, session, name, opts, unattended);
  } finally {
    await session.close();
  }
}

async function runProcedure(
  cluster: ReturnType<typeof loadClusterFor>,
  session: Session,
  name: string,
  opts: RunOptions,
  unattended: boolean,
): Promise<number> {
  const runners = { a: session.a, b: session.b };
  const out = process.stdout;

  // A run that did not finish holds the lock: offer to resume it instead of starting anew.
  let resume: ReturnType<typeof resumePoint> | undefined;
  const pending = unfinishedRuns(cluster.def.name).filter((r) => r.procedure === name);
  let resumedRun: string | undefined;
  if (opts.resume !== undefined) {
    const candidates = resumableRuns(cluster.def.name).filter((r) => r.procedure === name);
    const id = opts.resume === true ? candidates[0]?.runId : opts.resume;
    const run = candidates.find((r) => r.runId === id);
    if (!run)
      throw new UsageError(
        id ? `no unfinished run ${id} of ${name} (hapilot journal lists runs)` : `no unfinished run of ${name} to resume`,
      );
    // Refused (ResumeError, an OperatorError) if the definition changed since the run started.
    resume = resumePoint(readRun(run.file), procedures(cluster).get(name)!);
    resumedRun = run.runId;
    out.write(`Resuming run ${run.runId} at step ${resume.nextStep ?? '(none left)'}\n`);
  } else if (pending.length && !opts.dryRun) {
    const r = pending[0]!;
    throw new UsageError(
      `run ${r.runId} of ${name} did not finish (${r.steps.done}/${r.steps.total} steps done, by ${r.operator}); ` +
        `resume it with --resume ${r.runId}, or read it with hapilot journal ${r.runId}`,
    );
  }

  // A plan that cannot be made throws PlanError, an OperatorError.
  const prepared = await prepareRun(cluster, runners, name, {
    ...(opts.standby ? { standby: opts.standby } : {}),
    ...(resume ? { resumeRoles: resume.roles } : {}),
  });
  // Refused (ResumeError) when an incomplete run's cluster changed since it ended.
  if (resume && resumedRun) checkPlannedUnchanged(resume, resumedRun, prepared);
  out.write(planText(prepared, cluster));

  if (opts.dryRun) {
    const pf = await dryRunPreflight(cluster, runners, prepared);
    out.write('\nPreflight (nothing was changed):\n');
    // A detail may quote a node (a lock holder, a command's stderr): shown, never obeyed.
    for (const r of pf.results) out.write(`  ${r.ok ? '✓' : '✗'} ${visibleLine(`${r.label}: ${r.detail}`)}\n`);
    if (pf.toPause.length)
      out.write(
        `  automation to pause: ${pf.toPause.map((t) => `${t.interlock.name} on ${prepared.plan.nodes[t.node].name}`).join(', ')}\n`,
      );
    out.write(pf.ok ? '\nReady: the preflight passes.\n' : '\nNot ready: the run would stop at the preflight.\n');
    return pf.ok ? RUN_EXIT.SUCCEEDED : RUN_EXIT.FAILED;
  }

  let operator: Operator;
  if (unattended) {
    // Steps that depend on whether a node answers (failover's fencing) are decided at run time;
    // when one applies and its node was not confirmed, its gate stops the run there.
    const records = planRecord(prepared.plan, cluster.def);
    const changed = new Set(
      prepared.plan.steps.flatMap((s, i) => {
        const decidedAtRunTime = (s.step.when ?? []).some((w) => 'reachable' in w || 'unreachable' in w);
        return s.applies && records[i]!.changes && !decidedAtRunTime ? records[i]!.nodes : [];
      }),
    );
    // A local step changes "this machine": its gate asks for that confirmation like a node's, so
    // the check up front asks for it too, rather than the run stopping at that step.
    const missing = [...changed].filter((n) => !opts.confirm.includes(n));
    if (missing.length)
      throw new UsageError(`${name} changes ${[...changed].join(', ')}: add ${missing.map((m) => `--confirm ${shellQuote(m)}`).join(' ')}`);
    operator = scriptedOperator({ confirm: opts.confirm, ack: opts.ack, onFailure: opts.onFailure });
  } else {
    operator = terminalOperator();
  }

  const engine = createEngine(cluster, runners, prepared, operator, resume?.state, opts.gates);
  out.write(`\nRun ${engine.runId} (journal: ${engine.journalFile})\n`);
  const stop = printProgress(engine, out, { showOutput: true });
  // First Ctrl-C: stop after the current command, restore automation, release the lock.
  // Second: leave at once; the journal lets a later `--resume` pick it up.
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts === 1) {
      process.stderr.write('\nAborting after the current command (Ctrl-C again to leave at once; the run can be resumed)\n');
      engine.abort();
    } else process.exit(130);
  };
  process.on('SIGINT', onSigint);
  try {
    const r = await engine.run();
    out.write(
      `\n${r.outcome.toUpperCase()}${r.rolledBack ? ' (rolled back)' : ''}: ${visibleLine(r.message)}\njournal: ${engine.journalFile}\n`,
    );
    return r.outcome === 'succeeded' ? RUN_EXIT.SUCCEEDED : r.outcome === 'failed' ? RUN_EXIT.FAILED : RUN_EXIT.INCOMPLETE;
  } finally {
    stop();
    process.off('SIGINT', onSigint);
  }
}
