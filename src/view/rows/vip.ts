// VIP: whether this node holds it, and on which interface.
import { defineRows } from '../component.js';
import { row, unknownRow } from '../row.js';

export const vip = defineRows({
  facts: 'vip',
  settings: (def) => def.vip,
  rows: (v, { address }) => {
    const label = `VIP ${address}`;
    if (!v.known) return [unknownRow('vip', label, v)];
    return [
      row('vip', label, v.value.holds ? `HOLDS${v.value.interface ? ` (${v.value.interface})` : ''}` : '—', v.value.holds ? 'ok' : 'muted'),
    ];
  },
});
