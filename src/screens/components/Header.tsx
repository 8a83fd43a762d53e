// The top line: which cluster, in which mode (READ-ONLY cannot be missed), how often it refreshes
// and how old the newest data is.
import { Box, Text } from 'ink';
import type { DashboardModel } from '../dashboard-model.js';
import { useTheme } from '../theme.js';

export interface HeaderProps {
  model: Pick<DashboardModel, 'cluster' | 'readOnly' | 'intervalSeconds' | 'dataAge' | 'dataAt' | 'roundInFlight'>;
  width: number;
  title?: string;
}

export function Header({ model, width, title = 'hapilot' }: HeaderProps) {
  const theme = useTheme();
  const age = model.dataAge !== null ? `data ${model.dataAge} old` : model.dataAt !== null ? `data as of ${model.dataAt}` : 'no data yet';
  return (
    <Box width={width} height={1} overflow="hidden">
      <Text {...theme.style('title')}>{`${title} `}</Text>
      <Text>{'cluster '}</Text>
      <Text {...theme.style('title')}>{model.cluster}</Text>
      <Text>{'  '}</Text>
      {model.readOnly ? <Text {...theme.style('readonly')}>{' READ-ONLY '}</Text> : <Text {...theme.style('readwrite')}>read-write</Text>}
      <Text wrap="truncate-end">{`  refresh ${model.intervalSeconds} s · ${age}${model.roundInFlight ? ' · probing…' : ''}`}</Text>
    </Box>
  );
}
