// A `run` step: its command on its node(s), behind a gate when it changes something, each
// command journaled; a captured value is kept for later steps. `local` shares this path.
import { renderStepCommands, type PlannedStep } from '../plan.js';
import type { LocalStep, RunStep } from '../procedure-schema.js';
import { tail, type StepContext, type StepResult } from './context.js';
import { runJournaledCommands } from './journaled-commands.js';

/** How much output a step's view keeps. */
const VIEW_TAIL = 4000;

export function runStep(ctx: StepContext, s: PlannedStep, i: number, attempt: number): Promise<StepResult> {
  const step = s.step as RunStep;
  return commandStep(ctx, s, step, i, attempt, step.changes);
}

/** Shared by `run` and `local`: gate (if it changes something), commands, capture. */
export async function commandStep(
  ctx: StepContext,
  s: PlannedStep,
  step: RunStep | LocalStep,
  i: number,
  attempt: number,
  changes: boolean,
): Promise<StepResult> {
  const view = ctx.view(i);
  const commands = renderStepCommands(s, ctx.templateContext());
  view.commands = commands.map((c) => ({ node: ctx.nodeName(c.node), command: c.command }));
  if (changes) {
    await ctx.gate({
      stepId: step.id,
      title: step.title,
      nodes: view.commands.map((c) => c.node),
      commands: view.commands,
      destructive: step.destructive,
      rollback: false,
    });
  }
  ctx.setStep(i, 'running', '');
  view.output = '';
  const capture = step.kind === 'run' ? step.capture : undefined;
  const outcome = await runJournaledCommands(ctx, {
    stepId: step.id,
    attempt,
    commands,
    label: step.title,
    changes,
    timeoutMs: step.timeout * 1000,
    onOutput: (nodeName, chunk) => {
      view.output = tail(view.output + chunk, VIEW_TAIL);
      ctx.output(step.id, nodeName, chunk);
      ctx.activity(`${step.title} on ${nodeName}`);
    },
    onExit: (r) => {
      if (!view.output) view.output = tail(r.stdout + (r.stderr ? (r.stdout ? '\n' : '') + r.stderr : ''), VIEW_TAIL);
      if (!capture || r.exitCode !== 0) return;
      const value = r.stdout.trim();
      ctx.vars[capture] = value;
      ctx.journal.append({ type: 'var', name: capture, value, stepId: step.id });
    },
  });
  if (!outcome.ok) {
    if (outcome.status === 'unknown') {
      ctx.setStep(i, 'unknown', outcome.detail);
      return 'failed';
    }
    return ctx.fail(i, outcome.detail, false);
  }
  // The step as a whole: only this entry tells a resumed run that every node finished.
  return ctx.succeed(i, commands.length > 1 ? `done on ${commands.length} nodes` : 'done');
}
