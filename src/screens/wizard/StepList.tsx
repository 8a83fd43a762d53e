// A run's steps with their states: pending, running, done, failed, skipped, unknown (may or may
// not have run). The selected step's output is shown beside it.
import { Box, Text } from 'ink';
import type { StepView } from '../../ops/run-view.js';
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

/** The longest state word ("pending", "running", "skipped", "unknown") and a space before it. */
const STATE_WIDTH = 8;

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
          // The mark and the state keep their width; only the title gives way (truncated).
          <Box key={s.id} height={1} overflow="hidden">
            <Box width={2} flexShrink={0}>
              <Text {...theme.style(m.tone)}>{m.mark}</Text>
            </Box>
            <Box flexGrow={1} flexShrink={1}>
              <Text inverse={idx === selected} wrap="truncate-end">
                {`${String(idx + 1).padStart(2)}. ${s.title}${s.destructive ? ' ⚠' : ''}`}
              </Text>
            </Box>
            <Box width={STATE_WIDTH} flexShrink={0} justifyContent="flex-end">
              <Text {...theme.style(m.tone)}>{s.status}</Text>
            </Box>
          </Box>
        );
      })}
    </Box>
  );
}
