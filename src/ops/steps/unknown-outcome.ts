// A step that started and never ended (hapilot was killed, the connection dropped): it may have
// run, or not. What is safe to evaluate again is evaluated again; a `run` step with `verify` is
// re-verified; a step declared idempotent runs again; only a step whose effect cannot be known
// goes to the operator (scripted use stops, naming the step and what to check by hand).
import type { PlannedStep } from '../plan.js';
import type { PredicateResult } from '../predicates.js';
import type { Predicate } from '../procedure-schema.js';
import { Stop } from '../stop.js';
import type { StepContext } from './context.js';

/** How many fresh looks a `verify` predicate gets (an effect may take a moment to show). */
export const VERIFY_LOOKS = 5;
export const VERIFY_INTERVAL_MS = 1000;

export async function settleUnknown(ctx: StepContext, s: PlannedStep, i: number): Promise<'done' | 'rerun'> {
  const step = s.step;
  const automatic = (question: string, answer: string) =>
    ctx.journal.append({ type: 'decision', stepId: step.id, question, answer, by: 'script' });
  switch (step.kind) {
    case 'check':
    case 'wait':
    case 'manual':
      automatic(`outcome unknown: a ${step.kind} step changes nothing`, 'evaluate it again');
      return 'rerun';
    case 'run':
    case 'local': {
      if (step.kind === 'run' && !step.changes) {
        automatic('outcome unknown: the step only reads', 'run it again');
        return 'rerun';
      }
      if (step.kind === 'run' && step.verify) {
        const r = await verify(ctx, step.verify);
        automatic(`outcome unknown: is "${r.label}" true?`, `${r.ok} (${r.detail})`);
        if (r.ok) {
          ctx.journal.append({ type: 'step-end', stepId: step.id, status: 'done', detail: `verified: ${r.label}` });
          ctx.setStep(i, 'done', `verified after an unknown outcome: ${r.label}`);
          return 'done';
        }
        return 'rerun';
      }
      if (step.idempotent) {
        automatic('outcome unknown: the step is idempotent', 'run it again');
        return 'rerun';
      }
      const where = ctx.view(i).nodes.join(', ') || 'this machine';
      const answer = await ctx.operator.onUnknownOutcome({
        stepId: step.id,
        title: step.title,
        reason: `${ctx.view(i).detail || 'the run was interrupted during this step'}; check on ${where} whether "${step.title}" took effect`,
      });
      ctx.decision(step.id, 'this step may or may not have run and cannot verify itself: run it again?', answer);
      if (answer === 'stop')
        throw new Stop(
          'incomplete',
          `stopped: the outcome of step ${step.id} is unknown; check by hand on ${where} whether "${step.title}" took effect, then resume at a terminal`,
        );
      return 'rerun';
    }
    default: {
      const unhandled: never = step;
      throw new Error(`no unknown-outcome rule for ${String(unhandled)}`);
    }
  }
}

/** The predicate over up to VERIFY_LOOKS fresh rounds, VERIFY_INTERVAL_MS apart; the first true wins. */
async function verify(ctx: StepContext, p: Predicate): Promise<PredicateResult> {
  let r: PredicateResult | undefined;
  for (let look = 1; look <= VERIFY_LOOKS; look++) {
    [r] = await ctx.checkAll([p]);
    if (r!.ok || look === VERIFY_LOOKS) break;
    ctx.activity(`re-verifying: ${r!.label} (look ${look} of ${VERIFY_LOOKS})`);
    await new Promise((res) => setTimeout(res, VERIFY_INTERVAL_MS));
  }
  return r!;
}
