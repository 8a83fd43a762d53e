// The gate of a changing step, or of a phase: what it does, on which nodes, with the exact commands,
// and a question whose default is No. Only `y` runs it; Enter, `n` and Esc do not (yes-no.ts).
// Commands are never cut: when they do not fit, ↑/↓ scroll them, and the box says what is below.
import { useState } from 'react';
import { Box, Text, useInput, useStdin } from 'ink';
import type { GateQuestion } from '../../../ops/operator.js';
import { useTheme } from '../../theme.js';
import { YES_NO_KEYS } from '../../yes-no.js';
import { commandFor } from '../../key-bindings.js';
import { KeyChoices } from '../../components/KeyChoices.js';
import { INTERRUPT_KEYS } from '../keys.js';
import { gateLines, gateQuestionText } from '../gate-lines.js';

const CONFIRM_KEYS = [...YES_NO_KEYS, ...INTERRUPT_KEYS];

export interface ConfirmPromptProps {
  question: GateQuestion;
  onAnswer(yes: boolean): void;
  onInterrupt(): void;
  width: number;
  height: number;
}

export function ConfirmPrompt({ question, onAnswer, onInterrupt, width, height }: ConfirmPromptProps) {
  const theme = useTheme();
  const { isRawModeSupported } = useStdin();
  // Inside the border and its padding.
  const lines = gateLines(question, width - 4);
  // Title, "on …", the question and the border: 5 lines around the commands.
  const room = Math.max(1, height - 6);
  const [top, setTop] = useState(0);
  const maxTop = Math.max(0, lines.length - room);
  useInput(
    (input, key) => {
      if (key.upArrow) return setTop((t) => Math.max(0, t - 1));
      if (key.downArrow) return setTop((t) => Math.min(maxTop, t + 1));
      if (key.pageUp) return setTop((t) => Math.max(0, t - room));
      if (key.pageDown) return setTop((t) => Math.min(maxTop, t + room));
      const command = commandFor(CONFIRM_KEYS, input, key);
      if (command === 'interrupt') onInterrupt();
      else if (command) onAnswer(command === 'yes');
    },
    { isActive: isRawModeSupported },
  );
  return (
    <Box
      flexDirection="column"
      width={width}
      height={Math.min(height, lines.length + 5 + (maxTop > 0 ? 1 : 0))}
      borderStyle="round"
      {...(theme.colour ? { borderColor: 'magenta' } : {})}
      paddingX={1}
      overflow="hidden"
    >
      <Text {...theme.style('title')} wrap="truncate-end">
        {`${question.rollback ? 'ROLL BACK' : question.phase ? 'PHASE' : 'CHANGE'}: ${question.title.replace(/^Phase: /, '')}`}
      </Text>
      <Text wrap="truncate-end">{`on ${question.nodes.join(', ') || 'this machine'} — these exact commands:`}</Text>
      {lines.slice(top, top + room).map((l, i) => (
        <Text key={top + i} {...(l.note ? { dimColor: true } : theme.style('title'))} wrap="truncate-end">
          {l.text}
        </Text>
      ))}
      {maxTop > 0 ? (
        <Text {...theme.style('warn')} wrap="truncate-end">
          {`lines ${top + 1}-${Math.min(lines.length, top + room)} of ${lines.length}: ↑/↓ PgUp/PgDn to read ${top < maxTop ? 'the rest' : 'from the top'}`}
        </Text>
      ) : null}
      <Box>
        <Text>{gateQuestionText(question)}</Text>
        <KeyChoices rows={YES_NO_KEYS} />
        <Text dimColor> — the default is No</Text>
      </Box>
    </Box>
  );
}
