// A run's steps with their states: pending, running, done, failed, skipped, unknown (may or may
// not have run). The selected step's output is shown beside it.
import { Box, Text } from 'ink';
import type { StepView } from '../../ops/engine.js';
import type { Tone } from '../../view/node-rows.js';
import { useTheme } from '../theme.js';

export interface StepListProps {
  steps: readonly StepView[];
  selected: number;
  width: number;
  height: number;
}

export const STEP_MARK: Record<StepView['status'], { mark: string; tone: Tone }> = {
  pending: { mark: '·', tone: 'muted' },
  running: { mark: '▶', tone: 'warn' },
  done: { mark: '✓', tone: 'ok' },
  failed: { mark: '✗', tone: 'bad' },
  skipped: { mark: '–', tone: 'muted' },
  unknown: { mark: '?', tone: 'bad' },
};

export function StepList({ steps, selected, width, height }: StepListProps) {
  const theme = useTheme();
  // Keep the selected step in view.
  const start = Math.max(0, Math.min(selected - Math.floor(height / 2), steps.length - height));
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      {steps.slice(start, start + height).map((s, i) => {
        const m = STEP_MARK[s.status];
        const idx = start + i;
        return (
          <Box key={s.id} height={1} overflow="hidden">
            <Text {...theme.style(m.tone)}>{`${m.mark} `}</Text>
            <Text inverse={idx === selected} wrap="truncate-end">
              {`${String(idx + 1).padStart(2)}. ${s.title}${s.destructive ? ' ⚠' : ''}`}
            </Text>
            <Text {...theme.style(m.tone)} wrap="truncate-end">{`  ${s.status}`}</Text>
          </Box>
        );
      })}
    </Box>
  );
}
