// Phases as a procedure declares them: checked when the plan is built (every step named once, in
// order, with nothing between), then looked up by step.
import type { Phase, Procedure } from './procedure-schema.js';

/** What is wrong with a procedure's phases, one sentence each; empty when they are sound. */
export function phaseProblems(procedure: Procedure): string[] {
  const problems: string[] = [];
  const order = new Map(procedure.steps.map((s, i) => [s.id, i]));
  const owner = new Map<string, string>();
  const ids = new Set<string>();
  for (const phase of procedure.phases) {
    if (ids.has(phase.id)) problems.push(`phase id "${phase.id}" is used twice`);
    ids.add(phase.id);
    const at: number[] = [];
    for (const stepId of phase.steps) {
      const i = order.get(stepId);
      if (i === undefined) {
        problems.push(`phase ${phase.id}: no step "${stepId}"`);
        continue;
      }
      const other = owner.get(stepId);
      if (other) problems.push(`phase ${phase.id}: step ${stepId} is already in phase ${other}`);
      owner.set(stepId, phase.id);
      at.push(i);
    }
    // One gate covers what runs after it; a step of another phase in between would run under a
    // gate the operator did not read for it.
    for (let k = 1; k < at.length; k++) {
      if (at[k] !== at[k - 1]! + 1) {
        problems.push(`phase ${phase.id}: its steps must follow one another in the procedure's order (${phase.steps.join(', ')})`);
        break;
      }
    }
  }
  return problems;
}

/** The phase each step belongs to, if any. */
export function phaseOfStep(procedure: Procedure): Map<string, Phase> {
  const m = new Map<string, Phase>();
  for (const p of procedure.phases) for (const id of p.steps) m.set(id, p);
  return m;
}
