// The plan before anything runs: every step with its exact commands per node, its gate and its
// rollback (planText, the same text `hapilot run --dry-run` prints). Scrolls with ↑/↓ and PgUp/PgDn.
import { Box, Text } from 'ink';
import { useTheme } from '../theme.js';
import type { GateGrain } from '../../ops/operator.js';

export interface PlanViewProps {
  lines: readonly string[];
  top: number;
  width: number;
  height: number;
  resume: { runId: string; nextStep: string | null } | null;
  gates: GateGrain;
}

const GATES_LINE: Record<GateGrain, string> = {
  phase: 'Gates: once per phase, every command shown; destructive steps ask on their own (g: ask before every change)',
  step: 'Gates: before every change (g: once per phase)',
};

export function PlanView({ lines, top, width, height, resume, gates }: PlanViewProps) {
  const theme = useTheme();
  const room = Math.max(1, height - (resume ? 3 : 2));
  const start = Math.max(0, Math.min(top, Math.max(0, lines.length - room)));
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      {resume ? (
        <Text {...theme.style('warn')} wrap="truncate-end">
          {`Resuming run ${resume.runId}${resume.nextStep ? ` from step ${resume.nextStep}` : ''}: done steps are not run again.`}
        </Text>
      ) : null}
      {lines.slice(start, start + room).map((l, i) => {
        const isStep = /^\s*\d+\. /.test(l);
        return (
          <Text
            key={start + i}
            {...(isStep ? theme.style('title') : {})}
            {...(/\[type the node name\]/.test(l) ? theme.style('bad') : {})}
            wrap="truncate-end"
          >
            {l}
          </Text>
        );
      })}
      <Text {...theme.style('title')} wrap="truncate-end">
        {GATES_LINE[gates]}
      </Text>
      <Text dimColor>{`lines ${start + 1}-${Math.min(lines.length, start + room)} of ${lines.length}`}</Text>
    </Box>
  );
}
