// One step in detail: its commands, what happened (detail), and the tail of its live output.
import { Box, Text } from 'ink';
import type { StepView } from '../../ops/run-view.js';
import { useTheme } from '../theme.js';
import { commandLines } from './CommandBlock.js';
import { STEP_MARK } from './StepList.js';
import { visibleLine } from '../../format/visible.js';

export interface StepOutputProps {
  step: StepView | undefined;
  width: number;
  height: number;
}

export function StepOutput({ step, width, height }: StepOutputProps) {
  const theme = useTheme();
  if (!step) return <Box width={width} height={height} />;
  const m = STEP_MARK[step.status];
  const cmds = commandLines(step.commands);
  const cmdShown = cmds.slice(0, Math.max(1, Math.floor(height / 3)));
  // The node's output, shown as text: a lone CR starts a line, control characters are escaped.
  const outLines = step.output
    ? step.output
        .replace(/\n$/, '')
        .split(/\r\n|\r|\n/)
        .map(visibleLine)
    : [];
  const room = Math.max(0, height - 2 - cmdShown.length - (step.detail ? 1 : 0));
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text wrap="truncate-end">
        <Text {...theme.style(m.tone)}>{`${m.mark} ${step.status.toUpperCase()} `}</Text>
        <Text {...theme.style('title')}>{step.title}</Text>
        <Text dimColor>{`  (${step.kind}${step.nodes.length ? ` on ${step.nodes.join(', ')}` : ''})`}</Text>
      </Text>
      {cmdShown.map((l, i) => (
        <Text key={`c${i}`} dimColor wrap="truncate-end">
          {`  ${l}`}
        </Text>
      ))}
      {step.detail ? (
        <Text {...theme.style(m.tone)} wrap="truncate-end">
          {visibleLine(step.detail)}
        </Text>
      ) : null}
      <Text dimColor>{outLines.length ? '── output ──' : step.status === 'pending' ? 'not started' : '── no output ──'}</Text>
      {outLines.slice(-room).map((l, i) => (
        <Text key={`o${i}`} wrap="truncate-end">
          {l}
        </Text>
      ))}
    </Box>
  );
}
