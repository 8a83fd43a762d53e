// The keys a prompt takes, on one line from its key table: "y/Y yes · n/N/Enter/Esc no (the
// default)". Drawn from the same rows the prompt's input handler reads.
import { Box, Text } from 'ink';
import { rowKeys, type KeyRow } from '../key-bindings.js';
import { useTheme } from '../theme.js';

export interface KeyChoicesProps {
  rows: readonly KeyRow<string>[];
}

export function KeyChoices({ rows }: KeyChoicesProps) {
  const theme = useTheme();
  const shown = rows.filter((r) => r.hint !== null);
  return (
    <Box flexShrink={0}>
      {shown.map((r, i) => (
        <Text key={rowKeys(r)}>
          <Text {...theme.style('key')}>{rowKeys(r)}</Text>
          {` ${r.hint}${i < shown.length - 1 ? ' · ' : ''}`}
        </Text>
      ))}
    </Box>
  );
}
