// A `wait` step: polls its predicates until all hold or the timeout passes; then the operator
// waits again, aborts or forces. It changes nothing: a resumed run simply waits again.
import type { PlannedStep } from '../plan.js';
import type { WaitStep } from '../procedure-schema.js';
import { listResults, type StepContext, type StepResult } from './context.js';

export async function waitStep(ctx: StepContext, s: PlannedStep, i: number, attempt: number): Promise<StepResult> {
  const step = s.step as WaitStep;
  const view = ctx.view(i);
  ctx.setStep(i, 'running', 'waiting');
  ctx.journal.append({ type: 'step-start', stepId: step.id, attempt });
  for (;;) {
    const started = Date.now();
    const deadline = started + step.timeout * 1000;
    while (Date.now() < deadline) {
      if (ctx.aborted()) return ctx.fail(i, 'aborted by the operator');
      const results = await ctx.checkAll(step.until);
      view.output = results.map((r) => `${r.ok ? '✓' : '…'} ${r.label}: ${r.detail}`).join('\n');
      const pending = results.filter((r) => !r.ok);
      ctx.activity(`waiting: ${pending.map((r) => r.label).join(', ') || 'done'}`);
      if (!pending.length) return ctx.succeed(i, `true after ${((Date.now() - started) / 1000).toFixed(1)} s`);
      await sleep(step.interval * 1000);
    }
    const pending = (await ctx.checkAll(step.until)).filter((r) => !r.ok);
    if (!pending.length) return ctx.succeed(i, 'true at the deadline');
    const answer = await ctx.operator.onWaitTimeout({
      stepId: step.id,
      title: step.title,
      pending: pending.map((r) => `${r.label} (${r.detail})`),
    });
    const labels = pending.map((r) => r.label).join(', ');
    ctx.decision(step.id, `still not true after ${step.timeout} s: ${labels}. Wait again, abort or force?`, answer);
    if (answer === 'retry') continue;
    if (answer === 'force') return ctx.succeed(i, `forced by the operator while not true: ${labels}`);
    return ctx.fail(i, `timed out after ${step.timeout} s: ${listResults(pending)}`);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
