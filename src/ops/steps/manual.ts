// A `manual` step: instructions and a checklist the operator ticks; anything but "done" stops the
// run as incomplete, to be resumed once the work is done.
import type { PlannedStep } from '../plan.js';
import type { ManualStep } from '../procedure-schema.js';
import { Stop } from '../stop.js';
import type { StepContext, StepResult } from './context.js';

export async function manualStep(ctx: StepContext, s: PlannedStep, i: number, attempt: number): Promise<StepResult> {
  const step = s.step as ManualStep;
  ctx.setStep(i, 'running', 'waiting for the operator');
  ctx.journal.append({ type: 'step-start', stepId: step.id, attempt });
  const answer = await ctx.operator.manual({
    stepId: step.id,
    title: step.title,
    instructions: step.instructions,
    checklist: step.checklist,
  });
  ctx.decision(step.id, `${step.title}: ${step.checklist.length ? `checklist: ${step.checklist.join(' | ')}` : 'done?'}`, answer);
  if (answer !== 'done') {
    ctx.setStep(i, 'pending', 'not done');
    ctx.journal.append({ type: 'step-end', stepId: step.id, status: 'pending', detail: 'the operator stopped here' });
    throw new Stop('incomplete', `stopped at the manual step ${step.id}`);
  }
  return ctx.succeed(i, step.checklist.length ? `all ${step.checklist.length} items ticked` : 'confirmed');
}
