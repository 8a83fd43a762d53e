// One node's pane: name and live role (a disagreeing role file flagged), the SSH connection's
// state, then its rows and lag sparkline. A node that does not answer shows that, since when,
// and how old its last good data is, and no values: old values would look live.
import { Box, Text } from 'ink';
import type { PaneModel, PaneRow } from '../pane-model.js';
import { fitRows } from '../layout.js';
import { wrapText } from '../../format/text.js';
import { messageLines } from '../text-lines.js';
import { useTheme } from '../theme.js';
import { RowLine } from './RowLine.js';

export interface NodePaneProps {
  pane: PaneModel;
  width: number;
  /** Lines the pane may take in all (border included). */
  height: number;
  /** Stacked panes drop the border to fit 24 lines. */
  bordered: boolean;
}

const MAX_LABEL = 17;

export function NodePane({ pane, width, height, bordered }: NodePaneProps) {
  const theme = useTheme();
  const inner = height - (bordered ? 2 : 0);
  // The whole refusal (what happened, the fingerprints, what to do), wrapped to the pane.
  const detail = (pane.connection.detail ? messageLines(pane.connection.detail) : []).flatMap((l) =>
    wrapText(l, Math.max(10, width - (bordered ? 2 : 0))),
  );
  // The title line (with the connection) comes first; what is left is for rows.
  const budget = Math.max(0, inner - 1 - Math.min(detail.length, Math.max(0, inner - 4)));
  const rows = withLag(pane);
  const { shown, hidden } = fitRows(rows, budget);
  const labelWidth = Math.min(MAX_LABEL, Math.max(10, ...shown.map((r) => r.label.length + 1)));
  const paneTone = pane.reachable ? pane.roleTone : 'bad';

  return (
    <Box
      flexDirection="column"
      width={width}
      height={height}
      overflow="hidden"
      {...(bordered ? { borderStyle: 'round' as const, ...(theme.border(paneTone) ? { borderColor: theme.border(paneTone)! } : {}) } : {})}
    >
      <Box height={1} overflow="hidden">
        {/* Name and role never shrink; the connection line is cut first, then the role note. */}
        <Box flexShrink={0}>
          <Text {...theme.style('title')} {...(bordered ? {} : { inverse: true })}>
            {` ${pane.id.toUpperCase()}  ${pane.name} `}
          </Text>
          <Text> </Text>
          <Text {...theme.style(pane.roleTone)} bold>
            {pane.role}
          </Text>
        </Box>
        {pane.roleNote ? (
          <Box flexShrink={1}>
            <Text {...theme.style(pane.roleTone === 'bad' ? 'bad' : 'muted')} wrap="truncate-end">{`  ${pane.roleNote}`}</Text>
          </Box>
        ) : null}
        <Box flexShrink={0}>
          <Text dimColor>{'  ssh '}</Text>
        </Box>
        <Box flexShrink={1} flexGrow={1}>
          <Text {...theme.style(pane.connection.tone)} wrap="truncate-end">
            {pane.connection.line}
          </Text>
        </Box>
      </Box>
      {detail.length > 0 ? (
        <Box flexDirection="column" height={Math.min(detail.length, Math.max(0, inner - 4))} overflow="hidden">
          {detail.map((l, i) => (
            <Text key={i} {...theme.style('bad')} wrap="truncate-end">
              {l}
            </Text>
          ))}
        </Box>
      ) : null}
      {!pane.reachable && !pane.unreachable ? <Text dimColor>first probe round…</Text> : null}
      {pane.unreachable ? (
        <Box flexDirection="column">
          <Text {...theme.style('bad')} wrap="truncate-end">
            {`NOT ANSWERING since ${pane.unreachable.since}`}
          </Text>
          {wrapText(pane.unreachable.reason, Math.max(10, width - (bordered ? 2 : 0)))
            .slice(0, 3)
            .map((l, i) => (
              <Text key={i} {...theme.style('warn')} wrap="truncate-end">
                {l}
              </Text>
            ))}
          <Text wrap="truncate-end">
            {`Last good data: ${pane.unreachable.lastGood ?? 'never'}${pane.unreachable.lastRole ? `, then ${pane.unreachable.lastRole}` : ''}`}
          </Text>
          <Text dimColor wrap="truncate-end">
            Its values are not shown: they would not be live.
          </Text>
        </Box>
      ) : pane.reachable ? (
        <Box flexDirection="column">
          {shown.map((r) => (
            <RowLine key={r.key} label={r.label} text={r.text} tone={r.tone} labelWidth={labelWidth} />
          ))}
          {hidden.length ? (
            <Text dimColor wrap="truncate-end">
              {`+${hidden.length} hidden: ${hidden.join(', ')}`}
            </Text>
          ) : null}
        </Box>
      ) : null}
    </Box>
  );
}

/** The lag sparkline as a row right after the PostgreSQL rows. */
function withLag(pane: PaneModel): PaneRow[] {
  if (!pane.lag) return pane.rows;
  const lag: PaneRow = { key: 'lag', label: '  lag', text: `${pane.lag.spark} ${pane.lag.current}`, tone: pane.lag.tone, priority: 0 };
  const lastPg = pane.rows.findLastIndex((r) => r.key.startsWith('postgres'));
  const at = lastPg >= 0 ? lastPg + 1 : pane.rows.length;
  return [...pane.rows.slice(0, at), lag, ...pane.rows.slice(at)];
}
