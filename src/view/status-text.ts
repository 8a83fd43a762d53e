// `hapilot status` as text: both nodes side by side (rows lined up by key), then the verdict and
// its reasons. Colour only where the output stream supports it and NO_COLOR is unset.
import { styleText } from 'node:util';
import type { ClusterDefinition } from '../config/schema.js';
import type { ClusterSnapshot, NodeId } from '../cluster/facts.js';
import type { Assessment, FindingLevel, Verdict } from '../cluster/assessment.js';
import { nodeRows, type Row, type Tone } from './node-rows.js';
import { formatAgo, formatClock } from '../format/units.js';
import { truncate } from '../format/text.js';
import { visibleLine } from '../format/visible.js';
import type { SyncDifferenceTrend } from '../cluster/sync-compare.js';
import { syncDifferenceRows } from './sync-differences.js';

type Paint = (tone: Tone | 'bold' | 'verdict-critical' | 'verdict-degraded' | 'verdict-ok', text: string) => string;

export function colourFor(stream: NodeJS.WriteStream): Paint {
  const style = (fmt: Parameters<typeof styleText>[0], text: string) => styleText(fmt, text, { stream });
  return (tone, text) => {
    switch (tone) {
      case 'ok':
        return style('green', text);
      case 'warn':
        return style('yellow', text);
      case 'bad':
        return style('red', text);
      case 'muted':
        return style('dim', text);
      case 'bold':
        return style('bold', text);
      case 'verdict-critical':
        return style(['bold', 'white', 'bgRed'], text);
      case 'verdict-degraded':
        return style(['bold', 'black', 'bgYellow'], text);
      case 'verdict-ok':
        return style(['bold', 'black', 'bgGreen'], text);
      default:
        return text;
    }
  };
}

export const noColour: Paint = (_tone, text) => text;

export interface StatusTextOptions {
  paint: Paint;
  /** Terminal width to fit into; undefined for a pipe (no truncation). */
  width?: number;
  now: number;
  /** The sync directories compared between the nodes, with their trend; shown under the nodes. */
  sync?: readonly SyncDifferenceTrend[];
}

const VERDICT_TEXT: Record<Verdict, string> = {
  healthy: 'HEALTHY',
  degraded: 'DEGRADED',
  critical: 'CRITICAL',
  unreachable: 'UNREACHABLE',
};
const MARK: Record<FindingLevel, string> = { critical: '✗', unreachable: '?', degraded: '!' };

export function renderStatusText(
  snapshot: ClusterSnapshot,
  assessment: Assessment,
  def: ClusterDefinition,
  opts: StatusTextOptions,
): string {
  const { paint } = opts;
  const lines: string[] = [];
  const roundMs = Math.max(...(['a', 'b'] as const).map((id) => (snapshot.nodes[id].reachable ? snapshot.nodes[id].facts.roundTripMs : 0)));
  lines.push(`${paint('bold', `cluster ${snapshot.cluster}`)} · ${formatClock(Date.parse(snapshot.takenAt))} · round ${roundMs} ms`);
  lines.push('');

  const cols = columns(snapshot, def, opts.now);
  const labelWidth = Math.max(5, ...cols.keys.map((k) => k.label.length));
  const natural = Math.max(...cols.keys.map((k) => (cols.a.get(k.key)?.text ?? '').length), nodeHeader(snapshot, 'a').length);
  let colWidth = Math.max(natural, 12);
  if (opts.width) colWidth = Math.max(12, Math.min(colWidth, Math.floor((opts.width - labelWidth - 4) / 2)));

  const cell = (r: Row | undefined) => {
    const text = truncate(r?.text ?? '', colWidth);
    return paint(r?.tone ?? 'plain', text) + ' '.repeat(colWidth - text.length);
  };
  lines.push(
    `${' '.repeat(labelWidth)}  ${paint('bold', truncate(nodeHeader(snapshot, 'a'), colWidth).padEnd(colWidth))}  ${paint('bold', truncate(nodeHeader(snapshot, 'b'), colWidth))}`,
  );
  for (const k of cols.keys) {
    lines.push(`${k.label.padEnd(labelWidth)}  ${cell(cols.a.get(k.key))}  ${cell(cols.b.get(k.key))}`.trimEnd());
  }
  const diffRows = syncDifferenceRows(opts.sync ?? []);
  if (diffRows.length > 0) lines.push('');
  for (const r of diffRows) lines.push(`${r.label.padEnd(labelWidth)}  ${paint(r.tone, r.text)}`.trimEnd());
  lines.push('');

  const v = assessment.verdict;
  const badge = ` ${VERDICT_TEXT[v]} `;
  lines.push(paint(v === 'critical' ? 'verdict-critical' : v === 'healthy' ? 'verdict-ok' : 'verdict-degraded', badge));
  for (const f of assessment.findings) {
    const tone: Tone = f.level === 'critical' ? 'bad' : 'warn';
    // Findings quote what nodes said (a role file's content, a reason): shown, never obeyed.
    lines.push(`  ${paint(tone, MARK[f.level])} ${visibleLine(f.message)}`);
    if (f.advice) lines.push(`    → ${visibleLine(f.advice)}`);
  }
  return `${lines.join('\n')}\n`;
}

function nodeHeader(snapshot: ClusterSnapshot, id: NodeId): string {
  const o = snapshot.nodes[id];
  return `${id.toUpperCase()}: ${visibleLine(o.reachable ? o.facts.name : o.name)}`;
}

/** Both nodes' rows by key, and the union of keys in display order. */
function columns(snapshot: ClusterSnapshot, def: ClusterDefinition, now: number) {
  const byNode = { a: new Map<string, Row>(), b: new Map<string, Row>() };
  let keys: { key: string; label: string }[] = [];
  for (const id of ['a', 'b'] as const) {
    const o = snapshot.nodes[id];
    const rows: Row[] = o.reachable
      ? nodeRows(o.facts, def)
      : [
          { key: 'host', label: 'Host', text: `UNREACHABLE: ${visibleLine(o.reason)}`, tone: 'bad' },
          { key: 'lastgood', label: 'Last good data', text: o.lastGood ? formatAgo(o.lastGood.collectedAt, now) : 'never', tone: 'muted' },
        ];
    for (const r of rows) byNode[id].set(r.key, r);
    keys = mergeOrdered(
      keys,
      rows.map((r) => ({ key: r.key, label: r.label })),
    );
  }
  return { keys, a: byNode.a, b: byNode.b };
}

/** Union of two ordered key lists; a key only the second has goes right after its predecessor there. */
function mergeOrdered<T extends { key: string }>(first: T[], second: T[]): T[] {
  const out = [...first];
  let at = -1;
  for (const item of second) {
    const i = out.findIndex((x) => x.key === item.key);
    if (i >= 0) at = i;
    else out.splice(++at, 0, item);
  }
  return out;
}
