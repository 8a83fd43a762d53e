// A `check` step: predicates over one fresh probe round, all true or the step fails. It changes
// nothing, so it is always safe to evaluate again (a resumed run does).
import type { PlannedStep } from '../plan.js';
import type { CheckStep } from '../procedure-schema.js';
import { listResults, type StepContext, type StepResult } from './context.js';

export async function checkStep(ctx: StepContext, s: PlannedStep, i: number, attempt: number): Promise<StepResult> {
  const step = s.step as CheckStep;
  ctx.setStep(i, 'running', 'checking');
  ctx.journal.append({ type: 'step-start', stepId: step.id, attempt });
  const results = await ctx.checkAll(step.expect);
  ctx.view(i).output = results.map((r) => `${r.ok ? '✓' : '✗'} ${r.label}: ${r.detail}`).join('\n');
  const failed = results.filter((r) => !r.ok);
  if (failed.length) return ctx.fail(i, listResults(failed));
  return ctx.succeed(i, 'all true');
}
