// The sync directories compared between the nodes, as rows (status text) and as the JSON
// document's "sync" list: per path and per first-level subdirectory, the difference and its trend
// across rounds ("shrinking": still syncing; "steady" at 0: done).
import type { SyncDifferenceTrend } from '../cluster/sync-compare.js';
import { formatBytes } from '../format/units.js';
import { row, type Row } from './row.js';

export function syncState(d: SyncDifferenceTrend): 'in step' | 'syncing' | 'falling behind' | 'apart, not moving' | 'apart' | null {
  if (d.diffBytes === null) return null;
  if (d.trend === 'shrinking') return 'syncing';
  if (d.trend === 'growing') return 'falling behind';
  if (d.diffBytes === 0) return 'in step';
  return d.trend === 'steady' ? 'apart, not moving' : 'apart';
}

export function syncDifferenceRows(diffs: readonly SyncDifferenceTrend[]): Row[] {
  return diffs.map((d, i) => {
    const what = d.subdir === null ? d.path : `  ${d.subdir}`;
    if (d.diffBytes === null) return row(`syncdiff.${i}`, i === 0 ? 'Sync A−B' : '', `${what}: size unknown on a node`, 'warn');
    const trend = d.trend === null ? 'trend after 2 rounds' : d.trend;
    const state = syncState(d);
    const tone = state === 'in step' ? 'ok' : state === 'syncing' ? 'warn' : d.diffBytes === 0 ? 'plain' : 'warn';
    const missing = d.a === null ? ' (not on A)' : d.b === null ? ' (not on B)' : '';
    return row(`syncdiff.${i}`, i === 0 ? 'Sync A−B' : '', `${what}: ${formatBytes(d.diffBytes)}${missing} · ${trend} · ${state}`, tone);
  });
}
