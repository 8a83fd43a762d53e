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

/**
 * With a width, long lines are folded (continuations marked ↪) rather than cut: a command the
 * operator approves is read to its last character.
 */
export function gateLines(q: GateQuestion, width?: number): GateLine[] {
  const lines = unfolded(q);
  if (!width || width < 20) return lines;
  return lines.flatMap((l) => fold(l, width));
}

function fold(l: GateLine, width: number): GateLine[] {
  if (l.text.length <= width) return [l];
  const indent = l.text.length - l.text.trimStart().length + 2;
  const out: GateLine[] = [{ ...l, text: l.text.slice(0, width) }];
  for (let rest = l.text.slice(width); rest.length > 0; ) {
    const room = Math.max(10, width - indent - 2);
    out.push({ ...l, heading: false, text: `${' '.repeat(indent)}↪ ${rest.slice(0, room)}` });
    rest = rest.slice(room);
  }
  return out;
}

function unfolded(q: GateQuestion): GateLine[] {
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
