// The text of a gate, line by line: a step's commands per node, or for a phase gate each step in
// order with its commands, and the steps that will still ask on their own with why. Pure, so the
// prompt can scroll it and the tests can read it without Ink.
import type { GateQuestion } from '../../ops/operator.js';
import { commandLines } from './CommandBlock.js';

export interface GateLine {
  text: string;
  /** A step's heading inside a phase gate. */
  heading?: boolean;
  /** A note, not a command. */
  note?: boolean;
}

export function gateLines(q: GateQuestion): GateLine[] {
  if (!q.phase) return commandLines(q.commands).map((l) => ({ text: `  ${l}` }));
  const out: GateLine[] = [];
  q.phase.steps.forEach((s, i) => {
    out.push({ text: `${i + 1}. ${s.title}${s.condition ? ` (only if ${s.condition})` : ''}`, heading: true });
    if (s.asksAgain) out.push({ text: `   asks on its own: ${s.asksAgain}`, note: true });
    for (const l of commandLines(s.commands)) out.push({ text: `     ${l}` });
  });
  return out;
}

/** "Run these 4 changes?" or "Run it?". */
export function gateQuestionText(q: GateQuestion): string {
  if (!q.phase) return 'Run it? ';
  const n = q.phase.steps.filter((s) => !s.asksAgain).length;
  return `Run ${n === 1 ? 'this change' : `these ${n} changes`} in order? `;
}
