// Sync: one row per synchronised directory with its size, or why there is none.
import { formatBytes } from '../../format/units.js';
import { defineRows } from '../component.js';
import { row, unknownRow } from '../row.js';

export const sync = defineRows({
  facts: 'sync',
  settings: (def) => def.components.sync,
  rows: (s) => {
    if (!s.known) return [unknownRow('sync', 'Sync', s)];
    return s.value.map((d, i) => {
      const size = d.bytes !== null ? formatBytes(d.bytes) : (d.problem ?? '?');
      return row(`sync.${i}`, i === 0 ? 'Sync' : '', `${d.path} ${size}`, d.bytes !== null ? 'plain' : 'bad');
    });
  },
});
