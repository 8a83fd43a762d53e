// Sync directories compared between the nodes, per path and per first-level subdirectory (TVOX's
// `du --max-depth=1` on both, line by line), and the trend of each difference across rounds: a
// difference that shrinks is a sync still running; one that holds steady at zero is done; one that
// holds steady above zero, or grows, is a sync that stopped or falls behind. A green "OK" from the
// sync tool only says it runs.
import type { NodeFacts } from './facts.js';

export type SyncTrend = 'growing' | 'shrinking' | 'steady';

export interface SyncDifference {
  path: string;
  /** A first-level subdirectory, or null for the path's total. */
  subdir: string | null;
  /** Bytes on each node; null where the node has no such subdirectory or its size is unknown. */
  a: number | null;
  b: number | null;
  /** |a - b|, treating a subdirectory one node lacks as 0 bytes there; null when a total is unknown. */
  diffBytes: number | null;
}

export interface SyncDifferenceTrend extends SyncDifference {
  /** Across the rounds remembered; null until two rounds saw this difference. */
  trend: SyncTrend | null;
}

/** Per path: the total, then each subdirectory either node has, by name. */
export function compareSync(a: NodeFacts | undefined, b: NodeFacts | undefined): SyncDifference[] {
  if (!a?.sync?.known || !b?.sync?.known) return [];
  const out: SyncDifference[] = [];
  for (const da of a.sync.value) {
    const db = b.sync.value.find((d) => d.path === da.path);
    if (!db) continue;
    const diff = (x: number | null, y: number | null) => (x === null || y === null ? null : Math.abs(x - y));
    out.push({ path: da.path, subdir: null, a: da.bytes, b: db.bytes, diffBytes: diff(da.bytes, db.bytes) });
    if (!da.subdirs || !db.subdirs) continue;
    const names = [...new Set([...da.subdirs.map((s) => s.name), ...db.subdirs.map((s) => s.name)])].sort();
    for (const name of names) {
      const sa = da.subdirs.find((s) => s.name === name)?.bytes ?? null;
      const sb = db.subdirs.find((s) => s.name === name)?.bytes ?? null;
      out.push({ path: da.path, subdir: name, a: sa, b: sb, diffBytes: Math.abs((sa ?? 0) - (sb ?? 0)) });
    }
  }
  return out;
}

/**
 * Changes smaller than this are "steady": directory entries and log lines move a few KiB between
 * two rounds on a sync that is done.
 */
export const STEADY_BYTES = 64 * 1024;

const keyOf = (d: SyncDifference) => `${d.path}\0${d.subdir ?? ''}`;

/** The differences of the last rounds, a fixed-size ring: the same memory on day 90 as on day 1. */
export class SyncHistory {
  private readonly rounds: { at: number; diffs: Map<string, number> }[] = [];

  constructor(readonly capacity = 10) {}

  /** One round in which both nodes answered. */
  add(at: number, diffs: readonly SyncDifference[]): void {
    const m = new Map<string, number>();
    for (const d of diffs) if (d.diffBytes !== null) m.set(keyOf(d), d.diffBytes);
    this.rounds.push({ at, diffs: m });
    if (this.rounds.length > this.capacity) this.rounds.splice(0, this.rounds.length - this.capacity);
  }

  get length(): number {
    return this.rounds.length;
  }

  /** Each difference with its trend over the last rounds that saw it. */
  trends(now: readonly SyncDifference[]): SyncDifferenceTrend[] {
    return now.map((d) => ({ ...d, trend: d.diffBytes === null ? null : trendOf(this.series(keyOf(d)), d.diffBytes) }));
  }

  private series(key: string): number[] {
    return this.rounds.flatMap((r) => (r.diffs.has(key) ? [r.diffs.get(key)!] : []));
  }
}

/** Rounds a trend looks back over: recent enough that a sync that just finished reads steady soon. */
export const TREND_ROUNDS = 3;

/** The trend over the last TREND_ROUNDS values (the current one last); null with nothing to compare. */
export function trendOf(series: readonly number[], current: number): SyncTrend | null {
  const recent = series.slice(-TREND_ROUNDS);
  const first = recent[0];
  if (first === undefined || recent.length < 2) return null;
  const change = current - first;
  return Math.abs(change) < STEADY_BYTES ? 'steady' : change < 0 ? 'shrinking' : 'growing';
}
