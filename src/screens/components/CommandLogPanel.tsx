// The command log: each remote command hapilot sent (or refused to send), on which node, its exit
// status and how long it took, newest at the bottom. The selected entry is shown whole below the list.
import { Box, Text } from 'ink';
import type { CommandLogEntry } from '../../transport/types.js';
import { formatClock } from '../../format/units.js';
import { useTheme } from '../theme.js';
import { truncate, wrapText } from '../../format/text.js';
import { visibleLine, visibleText } from '../../format/visible.js';
import type { Tone } from '../../view/node-rows.js';
import { keysFor } from '../key-bindings.js';
import { CONSOLE_KEYS } from '../console/keys.js';

export interface CommandLogPanelProps {
  entries: readonly CommandLogEntry[];
  /** Index into entries of the selected one (default: the newest). */
  selected: number | null;
  width: number;
  height: number;
}

export function entryStatus(e: CommandLogEntry): { text: string; tone: Tone } {
  if (e.error !== undefined) return { text: `✗ ${visibleLine(e.error)}`, tone: 'bad' };
  if (e.exitCode === undefined) return { text: '… running', tone: 'warn' };
  if (e.exitCode === 0) return { text: '✓ 0', tone: 'ok' };
  return { text: `✗ ${e.exitCode ?? 'killed'}`, tone: 'bad' };
}

const duration = (e: CommandLogEntry) =>
  e.durationMs === undefined ? '' : e.durationMs < 10_000 ? `${e.durationMs} ms` : `${(e.durationMs / 1000).toFixed(1)} s`;

export function CommandLogPanel({ entries, selected, width, height }: CommandLogPanelProps) {
  const theme = useTheme();
  const sel = selected ?? entries.length - 1;
  const current = entries[sel];
  // The selected entry whole: how it ended, then the command as sent.
  const detail = current
    ? wrapText(
        // A command may hold a value a node produced (a captured value): shown, never obeyed.
        `${entryStatus(current).text}${current.durationMs !== undefined ? ` after ${duration(current)}` : ''} · ${current.label}: ${visibleText(current.command)}`,
        width - 2,
      ).slice(0, 3)
    : [];
  const listRows = Math.max(1, height - 1 - detail.length);
  // Keep the selected entry in view, newest at the bottom.
  const end = Math.min(entries.length, Math.max(sel + 1, listRows));
  const start = Math.max(0, end - listRows);
  const nameWidth = Math.min(12, Math.max(4, ...entries.map((e) => e.nodeName.length)));
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text {...theme.style('title')} wrap="truncate-end">
        {`Command log · ${entries.length} kept · ${keysFor(CONSOLE_KEYS, 'log-up')}/${keysFor(CONSOLE_KEYS, 'log-down')} select · ${keysFor(CONSOLE_KEYS, 'log')} closes`}
      </Text>
      {entries.length === 0 ? <Text dimColor>no command sent yet</Text> : null}
      {entries.slice(start, end).map((e, i) => {
        const st = entryStatus(e);
        const isSel = start + i === sel;
        const head = `${formatClock(Date.parse(e.startedAt))} ${truncate(e.nodeName, nameWidth).padEnd(nameWidth)} ${e.kind === 'change' ? 'CHANGE' : 'probe '} `;
        const status = truncate(st.text, 18).padEnd(10);
        const dur = duration(e).padStart(8);
        const rest = Math.max(0, width - head.length - status.length - dur.length - 2);
        return (
          <Box key={e.id} height={1} overflow="hidden">
            <Text inverse={isSel} {...(e.kind === 'change' ? theme.style('readwrite') : {})}>
              {head}
            </Text>
            <Text {...theme.style(st.tone)}>{status}</Text>
            <Text dimColor>{dur}</Text>
            <Text wrap="truncate-end">{`  ${truncate(`${e.label}: ${visibleLine(e.command)}`, rest)}`}</Text>
          </Box>
        );
      })}
      {detail.map((l, i) => (
        <Text key={`d${i}`} dimColor wrap="truncate-end">
          {`  ${l}`}
        </Text>
      ))}
    </Box>
  );
}
