// The exact commands a step sends, per node, as the operator must see them before saying yes:
// "lab-b$ pg_ctlcluster 15 main promote". Long scripts are cut with a count of what is hidden.
import { visibleLine } from '../../format/visible.js';
import { Box, Text } from 'ink';
import { useTheme } from '../theme.js';

export interface CommandBlockProps {
  commands: readonly { node: string; command: string }[];
  width: number;
  maxLines: number;
}

export function commandLines(commands: readonly { node: string; command: string }[]): string[] {
  return commands.flatMap(({ node, command }) => {
    const where = `${node}$ `;
    // A command may hold a value a node produced: its control characters shown as escapes.
    return command.split('\n').map((l, i) => (i === 0 ? where : ' '.repeat(where.length)) + visibleLine(l));
  });
}

export function CommandBlock({ commands, width, maxLines }: CommandBlockProps) {
  const theme = useTheme();
  const lines = commandLines(commands);
  const shown = lines.length > maxLines ? lines.slice(0, Math.max(0, maxLines - 1)) : lines;
  return (
    <Box flexDirection="column" width={width}>
      {shown.map((l, i) => (
        <Text key={i} {...theme.style('title')} wrap="truncate-end">
          {`  ${l}`}
        </Text>
      ))}
      {shown.length < lines.length ? (
        <Text dimColor>{`  … ${lines.length - shown.length} more lines (all of them are in the plan)`}</Text>
      ) : null}
    </Box>
  );
}
