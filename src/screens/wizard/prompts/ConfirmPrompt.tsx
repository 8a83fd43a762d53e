// The gate of a changing step: what it does, on which nodes, with the exact commands, and a
// question whose default is No. Only `y` runs it; Enter, `n` and Esc do not (yes-no.ts).
import { Box, Text, useInput, useStdin } from 'ink';
import type { GateQuestion } from '../../../ops/operator.js';
import { useTheme } from '../../theme.js';
import { YES_NO_KEYS } from '../../yes-no.js';
import { commandFor } from '../../key-bindings.js';
import { KeyChoices } from '../../components/KeyChoices.js';
import { INTERRUPT_KEYS } from '../keys.js';
import { CommandBlock } from '../CommandBlock.js';

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
  useInput(
    (input, key) => {
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
      height={height}
      borderStyle="round"
      {...(theme.colour ? { borderColor: 'magenta' } : {})}
      paddingX={1}
      overflow="hidden"
    >
      <Text {...theme.style('title')} wrap="truncate-end">
        {`${question.rollback ? 'ROLL BACK' : 'CHANGE'}: ${question.title}`}
      </Text>
      <Text wrap="truncate-end">{`on ${question.nodes.join(', ') || 'this machine'} — these exact commands:`}</Text>
      <CommandBlock commands={question.commands} width={width - 4} maxLines={Math.max(1, height - 5)} />
      <Box>
        <Text>Run it? </Text>
        <KeyChoices rows={YES_NO_KEYS} />
        <Text dimColor> — the default is No</Text>
      </Box>
    </Box>
  );
}
