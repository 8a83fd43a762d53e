// One node's pane as plain data: its title (name, live role, connection), the labelled rows
// `hapilot status` shows (node-rows.ts, so the wording is the same everywhere), the lag sparkline,
// and for a node that does not answer, that fact and the age of its last good data instead of
// values that would look live. Pure: the console and the wallboard render it, tests check it.
import type { SyncDifferenceTrend } from '../cluster/sync-compare.js';
import { syncState } from '../view/sync-differences.js';
import type { ClusterDefinition } from '../config/schema.js';
import type { NodeFacts, NodeId, NodeObservation } from '../cluster/facts.js';
import { lagOf, type LagPoint } from '../cluster/lag-history.js';
import type { ConnectionState } from '../transport/types.js';
import { nodeRows, type Row, type Tone } from '../view/node-rows.js';
import { formatAgo, formatBytes, formatClock, formatDuration } from '../format/units.js';
import { connectionText, type ConnectionText } from './connection-text.js';
import { sparkline } from './sparkline.js';
import { oneLine, steadyMessage, withoutNodePrefix } from './text-lines.js';

export interface PaneRow extends Row {
  /** Lower is more important: rows are dropped from the highest number up when space runs out. */
  priority: number;
}

export interface PaneModel {
  id: NodeId;
  name: string;
  /** "PRIMARY", "STANDBY", "ROLE UNKNOWN", "UNREACHABLE". */
  role: string;
  roleTone: Tone;
  /** Where the role disagrees with the node's role file, or how it was decided when not by PostgreSQL. */
  roleNote: string | null;
  connection: ConnectionText;
  reachable: boolean;
  /** Set when the node's latest round failed. */
  unreachable: { reason: string; since: string; lastGood: string | null; lastRole: string | null } | null;
  rows: PaneRow[];
  lag: { spark: string; current: string; tone: Tone } | null;
}

export interface PaneInputs {
  def: ClusterDefinition;
  id: NodeId;
  observation: NodeObservation;
  /** The other node's fresh facts, for the sync size difference. */
  peer: NodeFacts | null;
  /** The sync differences with their trend across rounds (the Monitor's), to tell syncing from done. */
  syncTrends?: readonly SyncDifferenceTrend[];
  connection: ConnectionState;
  history: readonly LagPoint[];
  /** The cluster's resolved primary, for a node whose PostgreSQL is not probed. */
  resolvedRole: 'primary' | 'standby' | null;
  now: number;
  sparkWidth: number;
  /**
   * Wallboard: leave out what changes every round without meaning anything (load, uptime, LSNs,
   * ages of backups, the reconnect countdown), so a steady cluster draws no new frame.
   */
  steady: boolean;
  /** No round has come back yet: a node not probed yet is connecting, not unreachable. */
  waiting?: boolean;
}

const PRIORITY: [RegExp, number][] = [
  [/^(role|vip|postgres(\..*)?)$/, 0],
  [/^(redis|mongodb|sync\..*)$/, 1],
  [/^(services|host)$/, 2],
];
const priorityOf = (key: string): number => PRIORITY.find(([re]) => re.test(key))?.[1] ?? 3;

// Rows a wallboard leaves out (see `steady`): their text changes each round or minute.
const VOLATILE = new Set(['host', 'postgres', 'backups', 'repmgr']);

export function paneModel(p: PaneInputs): PaneModel {
  const o = p.observation;
  const connection = connectionText(p.connection, p.now, !p.steady);
  if (!o.reachable && p.waiting) {
    return {
      id: p.id,
      name: o.name,
      role: 'CONNECTING',
      roleTone: 'muted',
      roleNote: null,
      connection,
      reachable: false,
      unreachable: null,
      rows: [],
      lag: null,
    };
  }
  if (!o.reachable) {
    const last = o.lastGood;
    const lastRole = last ? liveRole(last) : null;
    return {
      id: p.id,
      name: o.name,
      role: 'UNREACHABLE',
      roleTone: 'bad',
      roleNote: null,
      connection,
      reachable: false,
      unreachable: {
        // The transport's reconnect schedule changes every round: the wallboard leaves it out.
        reason: withoutNodePrefix(p.steady ? steadyMessage(oneLine(o.reason)) : oneLine(o.reason), o.name),
        since: formatClock(Date.parse(o.since)),
        lastGood: last ? (p.steady ? formatClock(Date.parse(last.collectedAt)) : formatAgo(last.collectedAt, p.now)) : null,
        lastRole: lastRole ? lastRole.toUpperCase() : null,
      },
      rows: [],
      lag: null,
    };
  }

  const f = o.facts;
  const live = liveRole(f);
  const role = live ?? p.resolvedRole;
  const roleFile = f.roleFiles?.known ? f.roleFiles.value.role : null;
  const expectedFile = role === 'primary' ? 'master' : role === 'standby' ? 'slave' : null;
  let roleNote: string | null = null;
  if (p.def.components.role_files && roleFile !== null && expectedFile !== null && roleFile !== expectedFile)
    roleNote = `≠ role file "${roleFile}"`;
  else if (!live && role) roleNote = '(from VIP / role file: PostgreSQL not probed)';

  let rows: PaneRow[] = nodeRows(f, p.def).map((r) => ({ ...r, priority: priorityOf(r.key) }));
  rows = withSyncDifference(rows, f, p.peer, p.syncTrends ?? []);
  if (p.steady)
    rows = rows.filter((r) => !VOLATILE.has(r.key)).map((r) => (QUANTIZED.test(r.key) ? { ...r, text: quantizeSmall(r.text) } : r));

  return {
    id: p.id,
    name: f.name,
    role: role ? role.toUpperCase() : 'ROLE UNKNOWN',
    roleTone: roleNote?.startsWith('≠') ? 'bad' : role ? 'ok' : 'warn',
    roleNote,
    connection,
    reachable: true,
    unreachable: null,
    rows,
    lag: steadyLag(lagModel(f, p.history, p.sparkWidth, p.def), p.steady),
  };
}

function liveRole(f: NodeFacts): 'primary' | 'standby' | null {
  return f.postgres?.known ? f.postgres.value.role : null;
}

/**
 * Sync rows get the difference with the other node's size of the same path or first-level
 * subdirectory, and, once two rounds saw it, whether that difference shrinks (still syncing),
 * holds (in step, or apart and not moving) or grows.
 */
function withSyncDifference(rows: PaneRow[], f: NodeFacts, peer: NodeFacts | null, trends: readonly SyncDifferenceTrend[]): PaneRow[] {
  if (!f.sync?.known || !peer?.sync?.known) return rows;
  const mine = f.sync.value;
  const theirs = peer.sync.value;
  return rows.map((r) => {
    const m = /^sync\.(\d+)(?:\/(.+))?$/.exec(r.key);
    if (!m) return r;
    const d = mine[Number(m[1])];
    const other = d ? theirs.find((t) => t.path === d.path) : undefined;
    if (!d || !other) return r;
    const sub = m[2] ?? null;
    const size = (x: typeof d) => (sub === null ? x.bytes : (x.subdirs?.find((s) => s.name === sub)?.bytes ?? (x.subdirs ? 0 : null)));
    const [here, there] = [size(d), size(other)];
    if (here === null || there === null) return r;
    const diff = here - there;
    const trend = trends.find((t) => t.path === d.path && t.subdir === sub);
    const state = trend?.trend ? ` · ${syncState(trend)}` : '';
    // Short: a pane is half a terminal wide. Δ is this node's size minus the other's.
    const text = diff === 0 ? `${r.text} · same on both${state}` : `${r.text} · Δ ${diff > 0 ? '+' : ''}${formatBytes(diff)}${state}`;
    return { ...r, text, tone: diff === 0 ? r.tone : r.tone === 'plain' || r.tone === 'muted' ? 'warn' : r.tone };
  });
}

function steadyLag(lag: PaneModel['lag'], steady: boolean): PaneModel['lag'] {
  return lag && steady ? { ...lag, current: quantizeSmall(lag.current) } : lag;
}

function lagModel(f: NodeFacts, history: readonly LagPoint[], width: number, def: ClusterDefinition): PaneModel['lag'] {
  if (!def.components.postgres || !f.postgres?.known) return null;
  const pg = f.postgres.value;
  if (pg.role === 'primary' && pg.senders.length === 0) return null;
  // The current value from these facts; the history is for the sparkline.
  const { bytes, seconds } = lagOf(f);
  const over = (bytes ?? 0) > def.thresholds.lag_bytes || (seconds ?? 0) > def.thresholds.lag_seconds;
  const current = `${bytes !== null ? formatBytes(bytes) : '?'}${seconds !== null ? ` / ${formatDuration(seconds)}` : ''}`;
  // Full scale is at least a sixteenth of the alert threshold: small lags stay flat.
  const spark = sparkline(
    history.map((h) => h.bytes),
    width,
    def.thresholds.lag_bytes / 16,
  );
  return { spark, current, tone: over ? 'warn' : bytes === null ? 'muted' : 'ok' };
}

// Rows whose small numbers (a few bytes of Redis or WAL lag, a second of replay lag) come and go
// from round to round while nothing is wrong.
const QUANTIZED = /^(redis|mongodb|postgres(\..*)?|lag)$/;

/**
 * The wallboard's view of small numbers: "< 1 KiB", "< 10 s". Each flicker between 0 B and 14 B
 * would otherwise be a new frame; anything near a threshold is far above these.
 */
export function quantizeSmall(text: string): string {
  return text.replace(/\b\d+ B\b/g, '< 1 KiB').replace(/(?<![\d.])\d(?:\.\d+)? s\b/g, '< 10 s');
}
