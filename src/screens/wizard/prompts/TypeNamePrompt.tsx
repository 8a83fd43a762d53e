// The gate of a destructive step: the operator types the node's name. Anything else, an empty
// line or Esc stops the run; nothing is pre-filled.
import { useState } from 'react';
import { Box, Text, useInput, useStdin } from 'ink';
import type { GateQuestion } from '../../../ops/operator.js';
import { useTheme } from '../../theme.js';
import { CommandBlock } from '../CommandBlock.js';
import { commandFor, keysFor, namedKey, type KeyRow } from '../../key-bindings.js';
import { INTERRUPT_KEYS } from '../keys.js';

/** The keys that end the typing; every other key edits the line (Backspace, text, a paste). */
const TYPE_NAME_KEYS: readonly KeyRow<'enter' | 'stop' | 'interrupt'>[] = [
  { keys: [namedKey('return', 'enter')], hint: 'run it if the name is right', help: 'give the typed name' },
  { keys: [namedKey('escape', 'stop')], hint: 'stop the run', help: 'give nothing: the run stops here' },
  ...INTERRUPT_KEYS,
];

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
  // Each answer starts the next question on an empty line.
  const answer = (value: string) => {
    setTyped('');
    onAnswer(value);
  };
  useInput(
    (input, key) => {
      const command = commandFor(TYPE_NAME_KEYS, input, key);
      if (command === 'interrupt') return onInterrupt();
      if (command === 'stop') return answer('');
      if (command === 'enter') return answer(typed);
      // Any other key edits the line.
      if (key.backspace || key.delete) return setTyped((t) => t.slice(0, -1));
      if (key.ctrl || key.meta || key.tab || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow) return;
      // Several keys can arrive as one string (a paste, or keystrokes bunched up on a slow ssh
      // link to the jump host): a line end inside it is the Enter the operator pressed, and what
      // follows it is dropped rather than carried into the next question.
      const [line = '', ...rest] = input.split(/\r\n?|\n/);
      const clean = line.replace(/[\u0000-\u001f\u007f]/g, '');
      if (rest.length > 0) return answer((typed + clean).slice(0, 200));
      if (clean) setTyped((t) => (t + clean).slice(0, 200));
    },
    { isActive: isRawModeSupported },
  );
  return (
    <Box
      flexDirection="column"
      width={width}
      height={height}
      borderStyle="double"
      {...(theme.colour ? { borderColor: 'red' } : {})}
      paddingX={1}
      overflow="hidden"
    >
      <Text {...theme.style('bad')} wrap="truncate-end">
        {`DESTRUCTIVE on ${expected}: ${question.title}`}
      </Text>
      <CommandBlock commands={question.commands} width={width - 4} maxLines={Math.max(1, height - 6)} />
      <Text wrap="truncate-end">{`Type the node's name (${expected}) and ${keysFor(TYPE_NAME_KEYS, 'enter')} to run it; anything else, or ${keysFor(TYPE_NAME_KEYS, 'stop')}, stops the run.`}</Text>
      <Box>
        <Text {...theme.style('key')}>{'> '}</Text>
        <Text>{typed}</Text>
        <Text inverse> </Text>
      </Box>
    </Box>
  );
}
