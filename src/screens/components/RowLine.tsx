// One labelled row of a pane: the label in a fixed column, the text in its tone, cut to one line
// so a pane's height is known before it is drawn.
import { Box, Text } from 'ink';
import type { Tone } from '../../view/node-rows.js';
import { useTheme } from '../theme.js';

export interface RowLineProps {
  label: string;
  text: string;
  tone: Tone;
  labelWidth: number;
}

export function RowLine({ label, text, tone, labelWidth }: RowLineProps) {
  const theme = useTheme();
  return (
    <Box>
      <Box width={labelWidth} flexShrink={0}>
        <Text dimColor wrap="truncate-end">
          {label}
        </Text>
      </Box>
      <Box flexGrow={1} flexShrink={1}>
        <Text {...theme.style(tone)} wrap="truncate-end">
          {text}
        </Text>
      </Box>
    </Box>
  );
}
