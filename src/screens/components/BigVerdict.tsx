// The wallboard's verdict: a full-width band in the verdict's colour with the word in block
// letters, readable from across the room; plain bold text when the terminal is too narrow.
import { Box, Text } from 'ink';
import type { VerdictModel } from '../dashboard-model.js';
import { bigText } from '../big-letters.js';
import { useTheme } from '../theme.js';
import { verdictEmphasis } from './VerdictBar.js';

export interface BigVerdictProps {
  verdict: VerdictModel;
  width: number;
  /** Lines it may take: 7 for block letters with a margin, less gives plain text. */
  height: number;
}

export function BigVerdict({ verdict, width, height }: BigVerdictProps) {
  const theme = useTheme();
  const style = theme.style(verdictEmphasis(verdict.verdict));
  const big = height >= 7 ? bigText(verdict.title, width - 2) : null;
  const lines = big ? ['', ...big, ''] : [verdict.title];
  return (
    <Box flexDirection="column" width={width}>
      {lines.map((l, i) => {
        const pad = Math.max(0, Math.floor((width - l.length) / 2));
        return (
          <Text key={i} {...style} wrap="truncate-end">
            {(' '.repeat(pad) + l).padEnd(width)}
          </Text>
        );
      })}
    </Box>
  );
}
