// Every step kind and the file that runs it. A new kind in procedure-schema.ts does not compile
// until it has a case here (the `never` below), so no kind can be declared and then ignored.
import type { PlannedStep } from '../plan.js';
import { checkStep } from './check.js';
import type { StepContext, StepResult } from './context.js';
import { localStep } from './local.js';
import { manualStep } from './manual.js';
import { runStep } from './run.js';
import { waitStep } from './wait.js';

export function runStepKind(ctx: StepContext, s: PlannedStep, i: number, attempt: number): Promise<StepResult> {
  const kind = s.step.kind;
  switch (kind) {
    case 'run':
      return runStep(ctx, s, i, attempt);
    case 'local':
      return localStep(ctx, s, i, attempt);
    case 'check':
      return checkStep(ctx, s, i, attempt);
    case 'wait':
      return waitStep(ctx, s, i, attempt);
    case 'manual':
      return manualStep(ctx, s, i, attempt);
    default: {
      const unhandled: never = kind;
      throw new Error(`no runner for step kind ${String(unhandled)}`);
    }
  }
}
