// The procedures this cluster has, to choose one; the selected one's description below.
import { Box, Text } from 'ink';
import type { ProcedureInfo } from './wizard-controller.js';
import { useTheme } from '../theme.js';
import { wrapText } from '../../format/text.js';
import { keysFor } from '../key-bindings.js';
import { WIZARD_KEYS } from './keys.js';

const CHOOSE_KEYS = `${keysFor(WIZARD_KEYS.pick, 'up')}/${keysFor(WIZARD_KEYS.pick, 'down')}`;

export interface ProcedurePickerProps {
  procedures: readonly ProcedureInfo[];
  selected: number;
  error: string | null;
  width: number;
  height: number;
}

export function ProcedurePicker({ procedures, selected, error, width, height }: ProcedurePickerProps) {
  const theme = useTheme();
  const current = procedures[selected];
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text
        {...theme.style('title')}
      >{`Choose a procedure (${CHOOSE_KEYS}, ${keysFor(WIZARD_KEYS.pick, 'select')} shows its plan; nothing runs yet)`}</Text>
      {error ? (
        <Text {...theme.style('bad')} wrap="wrap">
          {error}
        </Text>
      ) : null}
      {procedures.map((p, i) => (
        <Text key={p.name} inverse={i === selected} wrap="truncate-end">
          {` ${p.name.padEnd(14)} ${p.title}${p.builtin ? '' : '  (site procedure)'} `}
        </Text>
      ))}
      {procedures.length === 0 && !error ? <Text dimColor>no procedure definitions found</Text> : null}
      <Text> </Text>
      {current
        ? wrapText(current.description, width - 2).map((l, i) => (
            <Text key={i} dimColor>
              {l}
            </Text>
          ))
        : null}
    </Box>
  );
}
