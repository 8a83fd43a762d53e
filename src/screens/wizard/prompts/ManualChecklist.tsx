// A manual step: instructions carried out outside hapilot and a checklist to tick. Done is only
// accepted once every item is ticked; `a` stops the run here.
import { useState } from 'react';
import { Box, Text, useInput, useStdin } from 'ink';
import type { ManualQuestion } from '../../../ops/operator.js';
import { useTheme } from '../../theme.js';
import { wrapText } from '../../../format/text.js';

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
      if (key.ctrl && input === 'c') return onInterrupt();
      if (input === 'a') return onAnswer('abort');
      if (key.upArrow) return setCursor((c) => Math.max(0, c - 1));
      if (key.downArrow) return setCursor((c) => Math.min(question.checklist.length - 1, c + 1));
      if (input === ' ' || input === 'x') {
        setNag(false);
        return setTicked((t) => t.map((v, i) => (i === cursor ? !v : v)));
      }
      if (key.return) {
        if (all) return onAnswer('done');
        setNag(true);
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
      <Text {...theme.style(nag ? 'bad' : 'plain')} wrap="truncate-end">
        {nag
          ? 'Tick every item first (space), or a to stop here.'
          : `space tick · Enter done${all ? '' : ' (once all are ticked)'} · a stop the run here`}
      </Text>
    </Box>
  );
}
