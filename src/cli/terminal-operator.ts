// The operator at a plain terminal (`hapilot run` without the console): every gate is a prompt
// whose default is No, and a destructive step needs the node's name typed.
import { createInterface } from 'node:readline/promises';
import type { Operator } from '../ops/operator.js';
import { plural } from '../format/text.js';
import { visibleLine, visibleText } from '../format/visible.js';

export function terminalOperator(input: NodeJS.ReadableStream = process.stdin, output: NodeJS.WritableStream = process.stderr): Operator {
  const ask = async (question: string): Promise<string> => {
    const rl = createInterface({ input, output, terminal: Boolean((input as NodeJS.ReadStream).isTTY) });
    try {
      return (await rl.question(question)).trim();
    } finally {
      rl.close();
    }
  };
  const yes = async (q: string) => /^(y|yes)$/i.test(await ask(`${q} [y/N] `));
  const commands = (cs: { node: string; command: string }[]) =>
    cs
      .map((c) =>
        // A command may hold a value a node produced: shown as text, its control characters escaped.
        c.command
          .split('\n')
          .map((l, i) => `    ${i === 0 ? `${c.node}$ ` : ' '.repeat(c.node.length + 2)}${visibleLine(l)}`)
          .join('\n'),
      )
      .join('\n');

  return {
    mode: 'interactive',
    confirm: async (q) => {
      if (q.phase) {
        // Every step of the phase in order, each with its exact commands; the ones that will
        // still ask on their own say so, so one yes is never read as covering them.
        const steps = q.phase.steps.map(
          (st, i) =>
            `  ${i + 1}. ${st.title}${st.condition ? ` (only if ${st.condition})` : ''}` +
            (st.asksAgain ? `\n     asks on its own: ${st.asksAgain}` : '') +
            (st.commands.length ? `\n${commands(st.commands).replace(/^/gm, '   ')}` : ''),
        );
        const n = q.phase.steps.filter((st) => !st.asksAgain).length;
        output.write(`\nPHASE: ${q.title.replace(/^Phase: /, '')}\n${steps.join('\n')}\n`);
        return yes(`Run ${n === 1 ? 'this change' : `these ${n} changes`} in order?`);
      }
      output.write(`\n${q.rollback ? 'ROLLBACK' : 'NEXT'}: ${q.title}\n${commands(q.commands)}\n`);
      return yes('Run it?');
    },
    typeNodeName: async (q, expected) => {
      output.write(`\nDESTRUCTIVE: ${q.title}\n${commands(q.commands.filter((c) => c.node === expected))}\n`);
      return ask(`Type the node's name (${expected}) to run it on ${expected}; anything else stops: `);
    },
    onFailure: async (q) => {
      output.write(`\nFAILED: ${q.title}\n  ${visibleText(q.error)}\n`);
      const rb = q.rollbackable > 0 ? `, roll [b]ack ${plural(q.rollbackable, 'completed step')}` : '';
      const a = (await ask(`[r]etry${rb}, or [s]top? [s] `)).toLowerCase();
      return a === 'r' ? 'retry' : a === 'b' && q.rollbackable > 0 ? 'rollback' : 'stop';
    },
    onWaitTimeout: async (q) => {
      output.write(`\nSTILL WAITING: ${q.title}\n${q.pending.map((p) => `  - ${visibleLine(p)}`).join('\n')}\n`);
      const a = (await ask('[w]ait again, [a]bort, or [f]orce it as done? [a] ')).toLowerCase();
      return a === 'w' ? 'retry' : a === 'f' ? 'force' : 'abort';
    },
    manual: async (q) => {
      output.write(`\nMANUAL STEP: ${q.title}\n  ${q.instructions}\n`);
      for (const item of q.checklist) if (!(await yes(`  [ ] ${item} — done?`))) return 'abort';
      if (q.checklist.length === 0 && !(await yes('Done?'))) return 'abort';
      return 'done';
    },
    onUnknownOutcome: async (q) => {
      output.write(`\nOUTCOME UNKNOWN: ${q.title}\n  ${visibleText(q.reason)}\n`);
      return (await yes('It may or may not have run, and it cannot check itself. Run it again?')) ? 'rerun' : 'stop';
    },
  };
}
