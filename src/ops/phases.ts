// Phases as a procedure declares them (each by the step it starts at): checked when the plan is
// built (every start a step, in the steps' order, once), then looked up by step.
import type { Phase, Procedure } from './procedure-schema.js';

/** What is wrong with a procedure's phases, one sentence each; empty when they are sound. */
export function phaseProblems(procedure: Procedure): string[] {
  const problems: string[] = [];
  const order = new Map(procedure.steps.map((s, i) => [s.id, i]));
  const ids = new Set<string>();
  let last = -1;
  for (const phase of procedure.phases) {
    if (ids.has(phase.id)) problems.push(`phase id "${phase.id}" is used twice`);
    ids.add(phase.id);
    const at = order.get(phase.from);
    if (at === undefined) {
      problems.push(`phase ${phase.id}: from: no step "${phase.from}"`);
      continue;
    }
    // Out of order, a phase would end before it starts and its steps fall under another's gate.
    if (at <= last)
      problems.push(`phase ${phase.id}: starts at ${phase.from}, not after the phase before it (phases go in the steps' order)`);
    last = Math.max(last, at);
  }
  return problems;
}

/** The phase each step belongs to, if any (phases assumed sound: see phaseProblems). */
export function phaseOfStep(procedure: Procedure): Map<string, Phase> {
  const starts = new Map(procedure.phases.map((p) => [p.from, p]));
  const m = new Map<string, Phase>();
  let current: Phase | undefined;
  for (const s of procedure.steps) {
    current = starts.get(s.id) ?? current;
    if (current) m.set(s.id, current);
  }
  return m;
}

/** The ids of a phase's steps, in order. */
export function stepsOfPhase(procedure: Procedure, phase: Phase): string[] {
  const of = phaseOfStep(procedure);
  return procedure.steps.filter((s) => of.get(s.id)?.id === phase.id).map((s) => s.id);
}
