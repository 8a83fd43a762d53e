// A gate before a change: the operator says yes (default No), or for a destructive step types
// the node's name. Every answer is journaled with who gave it (the operator or a script).
import type { JournalWriter } from './journal.js';
import type { GateQuestion, Operator } from './operator.js';

/** The operator did not confirm: the run stops there, incomplete, nothing more changed. */
export class NotConfirmed extends Error {
  override name = 'NotConfirmed';
}

export async function passGate(operator: Operator, journal: JournalWriter, q: GateQuestion): Promise<void> {
  const by = operator.mode === 'scripted' ? 'script' : 'operator';
  if (q.destructive) {
    for (const node of [...new Set(q.nodes)]) {
      const typed = await operator.typeNodeName(q, node);
      journal.append({
        type: 'decision',
        stepId: q.stepId,
        question: `destructive: type the node's name to run "${q.title}" on ${node}`,
        answer: typed,
        by,
      });
      if (typed !== node) throw new NotConfirmed(`not confirmed: "${q.title}" needs ${node} typed${typed ? `, got "${typed}"` : ''}`);
    }
    return;
  }
  const yes = await operator.confirm(q);
  journal.append({
    type: 'decision',
    stepId: q.stepId,
    question: `run "${q.title}" on ${q.nodes.join(', ') || 'this machine'}?`,
    answer: yes ? 'yes' : 'no',
    by,
  });
  if (!yes) throw new NotConfirmed(`not confirmed: ${q.title}`);
}
