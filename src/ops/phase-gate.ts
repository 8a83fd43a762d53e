// Gates by phase: at the first step of a phase still to run, one question shows every command the
// phase will send and, on yes, answers the gates of its ordinary changes. What it never covers:
// a destructive step (typed name, always), a step whose command is only known after the gate (it
// uses a value captured later; it is shown and asked when it runs), a rollback, and any command
// that differs, when its step comes, from what the phase gate showed.
import type { Phase } from './procedure-schema.js';
import type { GateGrain, GateQuestion, Operator, PhaseGateStep } from './operator.js';
import { phaseOfStep, stepsOfPhase } from './phases.js';
import { PlanError, renderStepCommands, type Plan } from './plan.js';
import type { StepContext } from './steps/context.js';

export class PhaseGates {
  readonly #phases: Map<string, Phase>;
  readonly #asked = new Set<string>();
  /** stepId -> the phase gate that covered it and the commands it showed, as text. */
  readonly #covered = new Map<string, { gate: string; shown: string }>();

  constructor(
    private readonly plan: Plan,
    grain: GateGrain,
    operator: Operator,
  ) {
    // A script answers every gate from its --confirm list: asking per phase would change nothing.
    this.#phases = grain === 'phase' && operator.mode === 'interactive' ? phaseOfStep(plan.procedure) : new Map();
  }

  /** Before step i: its phase's gate, the first time a step of that phase is about to run. */
  async before(ctx: StepContext, i: number): Promise<void> {
    const phase = this.#phases.get(this.plan.steps[i]!.step.id);
    if (!phase || this.#asked.has(phase.id)) return;
    this.#asked.add(phase.id);
    const steps = this.#stepsOf(ctx, phase);
    const covered = steps.filter((s) => !s.asksAgain);
    // Nothing the gate could answer (only destructive steps, say): their own gates are the questions.
    if (covered.length === 0) return;
    const commands = covered.flatMap((s) => s.commands);
    const gateId = `phase:${phase.id}`;
    await ctx.gate({
      stepId: gateId,
      title: `Phase: ${phase.title}`,
      nodes: [...new Set(commands.map((c) => c.node))],
      commands,
      destructive: false,
      rollback: false,
      phase: { id: phase.id, steps },
    });
    for (const s of covered) this.#covered.set(s.stepId, { gate: gateId, shown: JSON.stringify(s.commands) });
  }

  /** The phase gate that already answered this question, or null when it must be asked. */
  coveredBy(q: GateQuestion): string | null {
    if (q.destructive || q.rollback || q.phase) return null;
    const c = this.#covered.get(q.stepId);
    return c && c.shown === JSON.stringify(q.commands) ? c.gate : null;
  }

  /** The phase's changing steps still to run, each with its commands as they would be sent now. */
  #stepsOf(ctx: StepContext, phase: Phase): PhaseGateStep[] {
    const out: PhaseGateStep[] = [];
    const ids = new Set(stepsOfPhase(this.plan.procedure, phase));
    for (const s of this.plan.steps) {
      if (!ids.has(s.step.id) || !s.applies) continue;
      const status = ctx.view(s.index).status;
      if (status === 'done' || status === 'skipped') continue;
      const st = s.step;
      if (!(st.kind === 'local' || (st.kind === 'run' && st.changes))) continue;
      const base = { stepId: st.id, title: st.title, ...(s.condition ? { condition: s.condition } : {}) };
      let commands: PhaseGateStep['commands'] = [];
      let later: string | undefined;
      try {
        commands = renderStepCommands(s, ctx.templateContext()).map((c) => ({ node: ctx.nodeName(c.node), command: c.command }));
      } catch (e) {
        if (!(e instanceof PlanError)) throw e;
        later = 'its command uses a value an earlier step captures: it is shown and asked when it runs';
      }
      if (st.destructive) out.push({ ...base, commands, asksAgain: 'destructive: it asks for the node name when it runs' });
      else if (later) out.push({ ...base, commands, asksAgain: later });
      else out.push({ ...base, commands });
    }
    return out;
  }
}
