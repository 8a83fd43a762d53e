// The gate of a destructive step: the operator types the node's name. Anything else, an empty
// line or Esc stops the run; nothing is pre-filled.
import { useState } from 'react';
import { Box, Text, useInput, useStdin } from 'ink';
import type { GateQuestion } from '../../../ops/operator.js';
import { useTheme } from '../../theme.js';
import { CommandBlock } from '../CommandBlock.js';

export interface TypeNamePromptProps {
  question: GateQuestion;
  expected: string;
  onAnswer(typed: string): void;
  onInterrupt(): void;
  width: number;
  height: number;
}

export function TypeNamePrompt({ question, expected, onAnswer, onInterrupt, width, height }: TypeNamePromptProps) {
  const theme = useTheme();
  const { isRawModeSupported } = useStdin();
  const [typed, setTyped] = useState('');
  useInput(
    (input, key) => {
      if (key.ctrl && input === 'c') return onInterrupt();
      if (key.escape) return onAnswer('');
      if (key.return) return onAnswer(typed);
      if (key.backspace || key.delete) return setTyped((t) => t.slice(0, -1));
      if (key.ctrl || key.meta || key.tab || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow) return;
      // Printable characters only (a paste arrives as one string).
      const clean = input.replace(/[\u0000-\u001f\u007f]/g, '');
      if (clean) setTyped((t) => (t + clean).slice(0, 200));
    },
    { isActive: isRawModeSupported },
  );
  return (
    <Box flexDirection="column" width={width} height={height} borderStyle="double" {...(theme.colour ? { borderColor: 'red' } : {})} paddingX={1} overflow="hidden">
      <Text {...theme.style('bad')} wrap="truncate-end">
        {`DESTRUCTIVE on ${expected}: ${question.title}`}
      </Text>
      <CommandBlock commands={question.commands} width={width - 4} maxLines={Math.max(1, height - 6)} />
      <Text wrap="truncate-end">{`Type the node's name (${expected}) and Enter to run it; anything else, or Esc, stops the run.`}</Text>
      <Box>
        <Text {...theme.style('key')}>{'> '}</Text>
        <Text>{typed}</Text>
        <Text inverse> </Text>
      </Box>
    </Box>
  );
}
