// A manual step: instructions carried out outside hapilot and a checklist to tick. Done is only
// accepted once every item is ticked; `a` stops the run here. Keys from CHECKLIST_KEYS below.
import { useState } from 'react';
import { Box, Text, useInput, useStdin } from 'ink';
import type { ManualQuestion } from '../../../ops/operator.js';
import { useTheme } from '../../theme.js';
import { wrapText } from '../../../format/text.js';
import { commandFor, key, keysFor, namedKey, type KeyRow } from '../../key-bindings.js';
import { KeyChoices } from '../../components/KeyChoices.js';
import { INTERRUPT_KEYS } from '../keys.js';

type ChecklistCommand = 'up' | 'down' | 'tick' | 'done' | 'abort' | 'interrupt';

/** The checklist's keys, shown under it; it takes these and Ctrl-C (shown in the wizard's hints line). */
const CHECKLIST_KEYS: readonly KeyRow<ChecklistCommand>[] = [
  { keys: [namedKey('upArrow', 'up'), namedKey('downArrow', 'down')], hint: 'move', help: 'move to another item' },
  { keys: [key(' ', 'tick'), key('x', 'tick')], hint: 'tick', help: 'tick the item, or untick it' },
  { keys: [namedKey('return', 'done')], hint: 'done (once all are ticked)', help: 'the step is done: every item must be ticked' },
  { keys: [key('a', 'abort')], hint: 'stop the run here', help: 'stop the run at this step' },
];
const MANUAL_KEYS: readonly KeyRow<ChecklistCommand>[] = [...CHECKLIST_KEYS, ...INTERRUPT_KEYS];

export interface ManualChecklistProps {
  question: ManualQuestion;
  onAnswer(answer: 'done' | 'abort'): void;
  onInterrupt(): void;
  width: number;
  height: number;
}

export function ManualChecklist({ question, onAnswer, onInterrupt, width, height }: ManualChecklistProps) {
  const theme = useTheme();
  const { isRawModeSupported } = useStdin();
  const [ticked, setTicked] = useState<boolean[]>(() => question.checklist.map(() => false));
  const [cursor, setCursor] = useState(0);
  const [nag, setNag] = useState(false);
  const all = ticked.every(Boolean);
  useInput(
    (input, key) => {
      const command = commandFor(MANUAL_KEYS, input, key);
      switch (command) {
        case null:
          return;
        case 'interrupt':
          return onInterrupt();
        case 'abort':
          return onAnswer('abort');
        case 'up':
          return setCursor((c) => Math.max(0, c - 1));
        case 'down':
          return setCursor((c) => Math.min(question.checklist.length - 1, c + 1));
        case 'tick':
          setNag(false);
          return setTicked((t) => t.map((v, i) => (i === cursor ? !v : v)));
        case 'done':
          if (all) return onAnswer('done');
          return setNag(true);
        default: {
          const unhandled: never = command;
          throw new Error(`checklist command ${String(unhandled)} has no action`);
        }
      }
    },
    { isActive: isRawModeSupported },
  );
  const instructions = wrapText(question.instructions, width - 4);
  const room = Math.max(1, height - 4 - question.checklist.length);
  return (
    <Box
      flexDirection="column"
      width={width}
      height={height}
      borderStyle="round"
      {...(theme.colour ? { borderColor: 'cyan' } : {})}
      paddingX={1}
      overflow="hidden"
    >
      <Text {...theme.style('title')} wrap="truncate-end">{`MANUAL STEP: ${question.title}`}</Text>
      {instructions.slice(0, room).map((l, i) => (
        <Text key={i}>{l}</Text>
      ))}
      {question.checklist.map((item, i) => (
        <Text key={i} inverse={i === cursor} wrap="truncate-end">
          {`${ticked[i] ? '[x]' : '[ ]'} ${item}`}
        </Text>
      ))}
      {nag ? (
        <Text {...theme.style('bad')} wrap="truncate-end">
          {`Tick every item first (${keysFor(MANUAL_KEYS, 'tick')}), or ${keysFor(MANUAL_KEYS, 'abort')} to stop here.`}
        </Text>
      ) : (
        <KeyChoices rows={CHECKLIST_KEYS} />
      )}
    </Box>
  );
}
