// The key hints bar, k9s style: <key> what it does, from the screen's key table. When the line is
// too short the minor keys go first; `?` always stays, and the help screen lists everything.
import { Box, Text } from 'ink';
import { rowKeys, type KeyRow } from '../key-bindings.js';
import { useTheme } from '../theme.js';

export interface KeyHintsProps {
  keys: readonly KeyRow<string>[];
  width: number;
}

const cell = (k: KeyRow<string>) => `<${rowKeys(k)}> ${k.hint}  `;

/** The rows with a hint that fit in `width`, the table's last one (quit) kept last. */
export function fitHints(keys: readonly KeyRow<string>[], width: number): KeyRow<string>[] {
  const hinted = keys.filter((k) => k.hint !== null);
  const len = (ks: readonly KeyRow<string>[]) => ks.reduce((n, k) => n + cell(k).length, 0);
  if (len(hinted) <= width) return hinted;
  const major = hinted.filter((k) => !k.minor);
  if (len(major) <= width) {
    // Add back minor keys in order while they fit.
    const out = [...hinted];
    for (let i = out.length - 1; i >= 0 && len(out) > width; i--) if (out[i]!.minor) out.splice(i, 1);
    return out;
  }
  const out = [...major];
  while (out.length > 1 && len(out) > width) out.splice(out.length - 2, 1); // keep `quit` last
  return out;
}

export function KeyHints({ keys, width }: KeyHintsProps) {
  const theme = useTheme();
  return (
    <Box width={width} height={1} overflow="hidden">
      {fitHints(keys, width).map((k) => (
        <Box key={rowKeys(k)} flexShrink={0}>
          <Text {...theme.style('key')}>{`<${rowKeys(k)}>`}</Text>
          <Text>{` ${k.hint}  `}</Text>
        </Box>
      ))}
    </Box>
  );
}
