// Both nodes in three lines beside a running procedure: the verdict, then each node's role,
// connection and lag, so the operator sees the promotion happen while the steps run.
import { Box, Text } from 'ink';
import type { DashboardModel } from '../dashboard-model.js';
import { useTheme } from '../theme.js';
import { verdictEmphasis } from '../components/VerdictBar.js';

export interface CompactNodesProps {
  model: DashboardModel;
  width: number;
}

export function CompactNodes({ model, width }: CompactNodesProps) {
  const theme = useTheme();
  const first = model.verdict.findings[0];
  return (
    <Box flexDirection="column" width={width}>
      <Box height={1} overflow="hidden">
        <Text {...theme.style(verdictEmphasis(model.verdict.verdict))}>{` ${model.verdict.title} `}</Text>
        <Text wrap="truncate-end">{first ? `  ${first.mark} ${first.message}` : `  data ${model.dataAge ?? '?'} old`}</Text>
      </Box>
      {(['a', 'b'] as const).map((id) => {
        const p = model.panes[id];
        const state = p.unreachable
          ? `not answering since ${p.unreachable.since} · last good ${p.unreachable.lastGood ?? 'never'}`
          : `ssh ${p.connection.line}${p.lag ? ` · lag ${p.lag.spark.trim() ? `${p.lag.spark.trimStart()} ` : ''}${p.lag.current}` : ''}`;
        return (
          <Box key={id} height={1} overflow="hidden">
            <Text {...theme.style('title')}>{`${id.toUpperCase()} ${p.name} `}</Text>
            <Text {...theme.style(p.roleTone)}>{p.role}</Text>
            <Text wrap="truncate-end">{`  ${state}`}</Text>
          </Box>
        );
      })}
    </Box>
  );
}
