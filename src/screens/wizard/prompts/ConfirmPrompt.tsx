// The gate of a changing step: what it does, on which nodes, with the exact commands, and a
// question whose default is No. Only `y` runs it; Enter, `n` and Esc do not.
import { Box, Text, useInput, useStdin } from 'ink';
import type { GateQuestion } from '../../../ops/operator.js';
import { useTheme } from '../../theme.js';
import { yesNo } from '../../yes-no.js';
import { CommandBlock } from '../CommandBlock.js';

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
      if (key.ctrl && input === 'c') return onInterrupt();
      const yes = yesNo(input, key);
      if (yes !== null) onAnswer(yes);
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
      <Text>
        Run it? <Text {...theme.style('key')}>y</Text> yes · <Text {...theme.style('key')}>N</Text>o (Enter, n, Esc){' '}
        <Text dimColor>— the default is No</Text>
      </Text>
    </Box>
  );
}
