// The console's main screen, from its model alone: header, verdict, both panes (or the help), the
// command log when open, and the key hints. Sizes come in as props, so tests lay it out at any
// terminal size without a terminal.
import { Box, Text } from 'ink';
import type { CommandLogEntry } from '../../transport/types.js';
import type { UnknownHostKeyQuestion } from '../../transport/host-key-policy.js';
import type { DashboardModel } from '../dashboard-model.js';
import type { KeyRow } from '../key-bindings.js';
import { Header } from '../components/Header.js';
import { VerdictBar, verdictLines } from '../components/VerdictBar.js';
import { NodePanes } from '../components/NodePanes.js';
import { KeyHints } from '../components/KeyHints.js';
import { HelpOverlay } from '../components/HelpOverlay.js';
import { CommandLogPanel } from '../components/CommandLogPanel.js';
import { HostKeyPrompt } from '../components/HostKeyPrompt.js';
import { useTheme } from '../theme.js';

export interface DashboardProps {
  model: DashboardModel;
  width: number;
  height: number;
  keys: readonly KeyRow<string>[];
  help: boolean;
  /** Every finding of the verdict, not only the first few (the v key). */
  allFindings?: boolean;
  log: { entries: readonly CommandLogEntry[]; selected: number | null } | null;
  hostKey: UnknownHostKeyQuestion | null;
  /** One line under the verdict: an unfinished run, a wizard that could not load. */
  notice: { text: string; tone: 'warn' | 'bad' | 'plain' } | null;
}

const HOST_KEY_LINES = 7;

export function Dashboard({ model, width, height, keys, help, allFindings = false, log, hostKey, notice }: DashboardProps) {
  const theme = useTheme();
  const v = model.verdict;
  // Split brain may take up to half the screen: its advice must be read. Other findings, a sixth.
  const verdictMax = allFindings
    ? Math.max(4, height - 10)
    : v.splitBrain
      ? Math.max(4, Math.floor(height / 2))
      : Math.max(1, Math.min(5, Math.floor(height / 6)));
  const verdictHeight = Math.min(verdictLines(v, width), verdictMax);
  const fixed = 1 + verdictHeight + 1 + (hostKey ? HOST_KEY_LINES : 0) + (notice ? 1 : 0);
  const middle = Math.max(3, height - fixed);
  const logHeight = log ? Math.min(Math.max(4, Math.floor(height / 3)), middle - 3) : 0;
  const panesHeight = middle - logHeight;

  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Header model={model} width={width} />
      {hostKey ? <HostKeyPrompt question={hostKey} width={width} /> : null}
      <VerdictBar verdict={v} width={width} maxLines={verdictHeight} />
      {notice ? (
        <Text {...theme.style(notice.tone)} wrap="truncate-end">
          {notice.text}
        </Text>
      ) : null}
      {help ? (
        <HelpOverlay keys={keys} readOnly={model.readOnly} width={width} height={panesHeight} />
      ) : (
        <NodePanes panes={model.panes} width={width} height={panesHeight} />
      )}
      {log ? <CommandLogPanel entries={log.entries} selected={log.selected} width={width} height={logHeight} /> : null}
      <KeyHints keys={keys} width={width} />
    </Box>
  );
}
