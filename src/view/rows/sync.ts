// Sync: one row per synchronised directory with its size, or why there is none, then one per
// first-level subdirectory (keyed by name, so both nodes' columns line up subdirectory by subdirectory).
import { formatBytes } from '../../format/units.js';
import { defineRows } from '../component.js';
import { row, unknownRow, type Row } from '../row.js';

/** More than this many subdirectories: the largest are shown, the rest counted. */
export const MAX_SUBDIR_ROWS = 12;

export const sync = defineRows({
  facts: 'sync',
  settings: (def) => def.components.sync,
  rows: (s) => {
    if (!s.known) return [unknownRow('sync', 'Sync', s)];
    return s.value.flatMap((d, i) => {
      const size = d.bytes !== null ? formatBytes(d.bytes) : (d.problem ?? '?');
      const out: Row[] = [row(`sync.${i}`, i === 0 ? 'Sync' : '', `${d.path} ${size}`, d.bytes !== null ? 'plain' : 'bad')];
      const subs = d.subdirs ?? [];
      const shown = subs.length > MAX_SUBDIR_ROWS ? [...subs].sort((x, y) => y.bytes - x.bytes).slice(0, MAX_SUBDIR_ROWS) : subs;
      for (const sd of [...shown].sort((x, y) => (x.name < y.name ? -1 : 1))) {
        out.push(row(`sync.${i}/${sd.name}`, '', `  ${sd.name} ${formatBytes(sd.bytes)}`, 'muted'));
      }
      if (subs.length > shown.length) out.push(row(`sync.${i}/…`, '', `  … ${subs.length - shown.length} more`, 'muted'));
      return out;
    });
  },
});
