// Rolling back after a failed step: the completed steps that declare a rollback, newest first,
// each behind its own gate and only while its precondition holds (never restart an old primary
// once the standby was promoted), through the same journaled path as the steps themselves.
import { renderStepCommands, type PlannedStep } from './plan.js';
import type { StepView } from './run-view.js';
import { listResults, type StepContext } from './steps/context.js';
import { runJournaledCommands } from './steps/journaled-commands.js';
import { Stop } from './stop.js';

/** Indices of the steps before `before` that are done and can be rolled back, newest first. */
export function completedWithRollback(steps: PlannedStep[], views: StepView[], before: number): number[] {
  const out: number[] = [];
  for (let j = before - 1; j >= 0; j--) {
    const st = steps[j]!.step;
    if (views[j]!.status === 'done' && (st.kind === 'run' || st.kind === 'local') && st.rollback) out.push(j);
  }
  return out;
}

/**
 * Rolls back what completed before step `failedAt`. Returns whether everything was rolled back
 * (false when a precondition kept one from it); throws Stop when a rollback command fails.
 */
export async function rollback(ctx: StepContext, steps: PlannedStep[], views: StepView[], failedAt: number): Promise<boolean> {
  let all = true;
  for (const j of completedWithRollback(steps, views, failedAt)) {
    const s = steps[j]!;
    const rb = s.step.kind === 'run' || s.step.kind === 'local' ? s.step.rollback : undefined;
    if (!rb) continue;
    if (rb.precondition?.length) {
      const failed = (await ctx.checkAll(rb.precondition)).filter((r) => !r.ok);
      if (failed.length) {
        const detail = `not rolled back: ${listResults(failed)}`;
        ctx.journal.append({ type: 'step-end', stepId: s.step.id, status: 'skipped', rollback: true, detail });
        views[j]!.detail = detail;
        all = false;
        ctx.activity(detail);
        continue;
      }
    }
    const commands = renderStepCommands(s, ctx.templateContext(), { rollback: true });
    const shown = commands.map((c) => ({ node: ctx.nodeName(c.node), command: c.command }));
    await ctx.gate({
      stepId: s.step.id,
      title: `Roll back: ${rb.title}`,
      nodes: shown.map((c) => c.node),
      commands: shown,
      destructive: rb.destructive,
      rollback: true,
    });
    const outcome = await runJournaledCommands(ctx, {
      stepId: s.step.id,
      attempt: 1,
      commands,
      label: `roll back: ${rb.title}`,
      changes: true,
      timeoutMs: rb.timeout * 1000,
      rollback: true,
    });
    if (!outcome.ok) {
      throw new Stop('failed', `rollback of ${s.step.id} failed on ${outcome.nodeName} (${outcome.cause}); the cluster needs attention`);
    }
    views[j]!.detail = 'rolled back';
    ctx.activity(`rolled back ${s.step.id}`);
  }
  return all;
}
