// The engine's open question as the prompt that answers it: a gate (confirm, or the node's name
// typed), a failure, a wait that timed out, a manual step, a step whose outcome is unknown.
// What a node said (an error, a reason) is shown as text, never obeyed (format/visible.ts).
import { visibleLine } from '../../../format/visible.js';
import type { Pending } from '../ui-operator.js';
import { ConfirmPrompt } from './ConfirmPrompt.js';
import { TypeNamePrompt } from './TypeNamePrompt.js';
import { ChoicePrompt } from './ChoicePrompt.js';
import { ManualChecklist } from './ManualChecklist.js';
import { plural } from '../../../format/text.js';

export interface QuestionPromptProps {
  pending: Pending;
  width: number;
  height: number;
  onInterrupt(): void;
}

export function QuestionPrompt({ pending, width, height, onInterrupt }: QuestionPromptProps) {
  const q = pending.question;
  const common = { width, height, onInterrupt };
  switch (q.kind) {
    case 'confirm':
      return <ConfirmPrompt question={q.q} onAnswer={pending.answer} {...common} />;
    case 'type-name':
      return <TypeNamePrompt question={q.q} expected={q.expected} onAnswer={pending.answer} {...common} />;
    case 'failure':
      return (
        <ChoicePrompt
          title={`FAILED: ${q.q.title}`}
          body={[
            visibleLine(q.q.error),
            q.q.rollbackable
              ? `${plural(q.q.rollbackable, 'completed step')} can be rolled back (each rollback asks first).`
              : 'No completed step has a rollback.',
          ]}
          choices={[
            { key: 'r', label: 'retry the step', value: 'retry' as const },
            ...(q.q.rollbackable
              ? [{ key: 'b', label: 'roll back', value: 'rollback' as const, confirm: `Roll back ${q.q.rollbackable} step(s)?` }]
              : []),
            { key: 's', label: 'stop here', value: 'stop' as const },
          ]}
          onAnswer={pending.answer}
          {...common}
        />
      );
    case 'wait-timeout':
      return (
        <ChoicePrompt
          title={`STILL NOT TRUE: ${q.q.title}`}
          body={q.q.pending.map((p) => `… ${visibleLine(p)}`)}
          choices={[
            { key: 'r', label: 'wait again', value: 'retry' as const },
            { key: 'a', label: 'abort', value: 'abort' as const },
            {
              key: 'f',
              label: 'force (go on anyway)',
              value: 'force' as const,
              confirm: 'Force: go on as if it were true, although it is not?',
            },
          ]}
          onAnswer={pending.answer}
          {...common}
        />
      );
    case 'manual':
      return <ManualChecklist question={q.q} onAnswer={pending.answer} {...common} />;
    case 'unknown-outcome':
      return (
        <ChoicePrompt
          title={`OUTCOME UNKNOWN: ${q.q.title}`}
          body={[visibleLine(q.q.reason), 'This step may or may not have run, and it has no check to tell.']}
          choices={[
            { key: 'r', label: 'run it again', value: 'rerun' as const, confirm: 'Run it again, although it may have run already?' },
            { key: 's', label: 'stop here', value: 'stop' as const },
          ]}
          onAnswer={pending.answer}
          {...common}
        />
      );
  }
}
