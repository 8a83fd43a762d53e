// The wallboard's stale-data banner: which node stopped answering, since when, its last good
// data, and that the board reconnects by itself (nobody is there to press a key).
import { Box, Text } from 'ink';
import type { StaleModel } from '../dashboard-model.js';
import { useTheme } from '../theme.js';

export interface StaleBannerProps {
  stale: StaleModel;
  width: number;
}

export function StaleBanner({ stale, width }: StaleBannerProps) {
  const theme = useTheme();
  const style = theme.style('verdict-degraded');
  return (
    <Box flexDirection="column" width={width}>
      {stale.nodes.map((n) => (
        <Text key={n.name} {...style} wrap="truncate-end">
          {` STALE: ${n.name} not answering since ${n.since} · last good data ${n.lastGood ?? 'never'} · reconnecting by itself `.padEnd(
            width,
          )}
        </Text>
      ))}
    </Box>
  );
}
