// keepalived: running or not, and whether hapilot released the VIP here.
import { defineRows } from '../component.js';
import { row, unknownRow } from '../row.js';

export const keepalived = defineRows({
  facts: 'keepalived',
  settings: (def) => def.components.keepalived,
  rows: (k) => {
    if (!k.known) return [unknownRow('keepalived', 'keepalived', k)];
    const text = `${k.value.running ? 'running' : 'NOT RUNNING'}${k.value.release ? ' · VIP released by hapilot' : ''}`;
    return [row('keepalived', 'keepalived', text, k.value.running ? 'ok' : 'bad')];
  },
});
