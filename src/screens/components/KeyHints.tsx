// The key hints bar, k9s style: <key> what it does. When the line is too short the minor keys go
// first; `?` always stays, and the help screen lists everything.
import { Box, Text } from 'ink';
import type { KeyBinding } from '../console/keys.js';
import { useTheme } from '../theme.js';

export interface KeyHintsProps {
  keys: readonly KeyBinding[];
  width: number;
}

const cell = (k: KeyBinding) => `<${k.keys}> ${k.hint}  `;

export function fitHints(keys: readonly KeyBinding[], width: number): KeyBinding[] {
  const len = (ks: readonly KeyBinding[]) => ks.reduce((n, k) => n + cell(k).length, 0);
  if (len(keys) <= width) return [...keys];
  const major = keys.filter((k) => !k.minor);
  if (len(major) <= width) {
    // Add back minor keys in order while they fit.
    const out = [...keys];
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
        <Box key={k.keys} flexShrink={0}>
          <Text {...theme.style('key')}>{`<${k.keys}>`}</Text>
          <Text>{` ${k.hint}  `}</Text>
        </Box>
      ))}
    </Box>
  );
}
