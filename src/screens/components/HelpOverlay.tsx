// The help screen: every key of the screen's key table with what it does, and what the panes show.
import { Box, Text } from 'ink';
import { keysFor, rowKeys, type KeyRow } from '../key-bindings.js';
import { useTheme } from '../theme.js';

export interface HelpOverlayProps {
  keys: readonly KeyRow<string>[];
  readOnly: boolean;
  width: number;
  height: number;
}

export function HelpOverlay({ keys, readOnly, width, height }: HelpOverlayProps) {
  const theme = useTheme();
  const column = Math.max(...keys.map((k) => rowKeys(k).length)) + 2;
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden" borderStyle="round" paddingX={1}>
      <Text {...theme.style('title')}>{`hapilot help — keys (${keysFor(keys, 'help')} or ${keysFor(keys, 'close')} closes)`}</Text>
      {keys.map((k) => (
        <Box key={rowKeys(k)}>
          <Box width={column} flexShrink={0}>
            <Text {...theme.style('key')}>{rowKeys(k)}</Text>
          </Box>
          <Text wrap="truncate-end">{k.help}</Text>
        </Box>
      ))}
      <Text> </Text>
      <Text wrap="wrap">
        {readOnly
          ? 'READ-ONLY: this console cannot change a node; its session refuses every change command, and the procedures are not loaded.'
          : 'Read-write: procedures show every command before it runs and ask before each change (the default answer is No).'}
      </Text>
      <Text wrap="wrap" dimColor>
        Panes: live role (a role file that disagrees is flagged), the ssh connection, PostgreSQL senders and receiver with lag, Redis,
        MongoDB, sync sizes with the difference between nodes, the VIP holder. A node that does not answer shows the age of its last good
        data instead of values.
      </Text>
    </Box>
  );
}
