// A `local` step: a command on the operator's machine (a DNS update, a ticket). It always counts as
// a change, so it always passes a gate; otherwise it runs exactly like a `run` step.
import type { PlannedStep } from '../plan.js';
import type { LocalStep } from '../procedure-schema.js';
import type { StepContext, StepResult } from './context.js';
import { commandStep } from './run.js';

export function localStep(ctx: StepContext, s: PlannedStep, i: number, attempt: number): Promise<StepResult> {
  return commandStep(ctx, s, s.step as LocalStep, i, attempt, true);
}
