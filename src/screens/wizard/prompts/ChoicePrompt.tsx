// A question with a few answers, one key each (on failure: retry / roll back / stop; on a wait
// timeout: retry / abort / force). An answer marked `confirm` asks again before it is given, and
// there is no default: Enter does nothing.
import { useState } from 'react';
import { Box, Text, useInput, useStdin } from 'ink';
import { useTheme } from '../../theme.js';
import { YES_NO_KEYS, type YesNo } from '../../yes-no.js';
import { commandFor, key, rowKeys, type KeyRow } from '../../key-bindings.js';
import { KeyChoices } from '../../components/KeyChoices.js';
import { INTERRUPT_KEYS } from '../keys.js';

export interface Choice<T extends string> {
  key: string;
  label: string;
  value: T;
  /** Asked (y/N) before this answer is given: "force: go on although it is not true?". */
  confirm?: string;
}

/** One key row per answer: the prompt shows these, and takes them and Ctrl-C. */
function answerKeys<T extends string>(choices: readonly Choice<T>[]): KeyRow<T>[] {
  return choices.map((c) => ({ keys: [key(c.key, c.value)], hint: c.label, help: c.label }));
}

/** While an answer is asked again: yes, no, or Ctrl-C. */
const SECOND_THOUGHT_KEYS: readonly KeyRow<YesNo | 'interrupt'>[] = [...YES_NO_KEYS, ...INTERRUPT_KEYS];

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
  const answers = answerKeys(choices);
  const rows: readonly KeyRow<T | 'interrupt'>[] = [...answers, ...INTERRUPT_KEYS];
  useInput(
    (input, key) => {
      if (confirming) {
        const command = commandFor(SECOND_THOUGHT_KEYS, input, key);
        if (command === 'interrupt') return onInterrupt();
        if (command !== null) setConfirming(null);
        if (command === 'yes') onAnswer(confirming.value);
        return;
      }
      const command = commandFor(rows, input, key);
      if (command === null) return;
      if (command === 'interrupt') return onInterrupt();
      const c = choices.find((x) => x.value === command)!;
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
        <Box>
          <Text>{`${confirming.confirm} `}</Text>
          <KeyChoices rows={YES_NO_KEYS} />
        </Box>
      ) : (
        <Box>
          {answers.map((r) => (
            <Box key={rowKeys(r)} marginRight={2}>
              <Text {...theme.style('key')}>{rowKeys(r)}</Text>
              <Text>{` ${r.hint}`}</Text>
            </Box>
          ))}
        </Box>
      )}
    </Box>
  );
}
