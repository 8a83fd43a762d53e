// The wallboard's layout from its model: header, stale banner, the verdict in large letters,
// the findings (split brain with what to do first), both panes.
import { Box, Text } from 'ink';
import type { DashboardModel } from '../dashboard-model.js';
import { useTheme } from '../theme.js';
import { Header } from '../components/Header.js';
import { StaleBanner } from '../components/StaleBanner.js';
import { BigVerdict } from '../components/BigVerdict.js';
import { NodePanes } from '../components/NodePanes.js';
import { VerdictBar, verdictLines } from '../components/VerdictBar.js';

export interface WallboardViewProps {
  model: DashboardModel;
  width: number;
  height: number;
}

export function WallboardView({ model, width, height }: WallboardViewProps) {
  const theme = useTheme();
  const v = model.verdict;
  const staleLines = model.stale?.nodes.length ?? 0;
  const bigHeight = height >= 30 ? 7 : 1;
  const findingsMax = v.splitBrain ? Math.max(4, Math.floor(height / 3)) : Math.min(6, Math.max(1, Math.floor(height / 6)));
  const findingsHeight = v.findings.length || v.splitBrain ? Math.min(verdictLines(v, width), findingsMax) : 0;
  const panesHeight = Math.max(3, height - 1 - staleLines - bigHeight - findingsHeight);
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Header model={model} width={width} title="hapilot watch" />
      {model.stale ? <StaleBanner stale={model.stale} width={width} /> : null}
      <BigVerdict verdict={v} width={width} height={bigHeight} />
      {findingsHeight > 0 ? (
        v.splitBrain ? (
          <VerdictBar verdict={v} width={width} maxLines={findingsHeight} />
        ) : (
          <Box flexDirection="column" height={findingsHeight} overflow="hidden">
            {v.findings.slice(0, findingsHeight).map((f, i) => (
              <Text key={i} {...theme.style(f.tone)} wrap="truncate-end">
                {` ${f.mark} ${f.message}`}
              </Text>
            ))}
          </Box>
        )
      ) : null}
      <NodePanes panes={model.panes} width={width} height={panesHeight} />
    </Box>
  );
}
