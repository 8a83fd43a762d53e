// A question with a few answers, one key each (on failure: retry / roll back / stop; on a wait
// timeout: retry / abort / force). An answer marked `confirm` asks again before it is given, and
// there is no default: Enter does nothing.
import { useState } from 'react';
import { Box, Text, useInput, useStdin } from 'ink';
import { useTheme } from '../../theme.js';
import { yesNo } from '../../yes-no.js';

export interface Choice<T extends string> {
  key: string;
  label: string;
  value: T;
  /** Asked (y/N) before this answer is given: "force: go on although it is not true?". */
  confirm?: string;
}

export interface ChoicePromptProps<T extends string> {
  title: string;
  body: readonly string[];
  choices: readonly Choice<T>[];
  onAnswer(value: T): void;
  onInterrupt(): void;
  width: number;
  height: number;
}

export function ChoicePrompt<T extends string>({ title, body, choices, onAnswer, onInterrupt, width, height }: ChoicePromptProps<T>) {
  const theme = useTheme();
  const { isRawModeSupported } = useStdin();
  const [confirming, setConfirming] = useState<Choice<T> | null>(null);
  useInput(
    (input, key) => {
      if (key.ctrl && input === 'c') return onInterrupt();
      if (confirming) {
        const yes = yesNo(input, key);
        if (yes !== null) setConfirming(null);
        if (yes) onAnswer(confirming.value);
        return;
      }
      const c = choices.find((x) => x.key === input);
      if (!c) return;
      if (c.confirm) return setConfirming(c);
      onAnswer(c.value);
    },
    { isActive: isRawModeSupported },
  );
  const bodyRoom = Math.max(1, height - 4);
  return (
    <Box
      flexDirection="column"
      width={width}
      height={height}
      borderStyle="round"
      {...(theme.colour ? { borderColor: 'yellow' } : {})}
      paddingX={1}
      overflow="hidden"
    >
      <Text {...theme.style('warn')} wrap="truncate-end">
        {title}
      </Text>
      {body.slice(0, bodyRoom).map((l, i) => (
        <Text key={i} wrap="truncate-end">
          {l}
        </Text>
      ))}
      {confirming ? (
        <Text>
          {`${confirming.confirm} `}
          <Text {...theme.style('key')}>y</Text> yes · <Text {...theme.style('key')}>N</Text>o (default)
        </Text>
      ) : (
        <Box>
          {choices.map((c) => (
            <Box key={c.key} marginRight={2}>
              <Text {...theme.style('key')}>{c.key}</Text>
              <Text>{` ${c.label}`}</Text>
            </Box>
          ))}
        </Box>
      )}
    </Box>
  );
}
