// Services: each with ✓ or ✗, in warning colours unless all run.
import { defineRows } from '../component.js';
import { row, unknownRow } from '../row.js';

export const services = defineRows({
  facts: 'services',
  settings: (def) => def.components.services,
  rows: (s) => {
    if (!s.known) return [unknownRow('services', 'Services', s)];
    const text = s.value.map((x) => `${x.name} ${x.active ? '✓' : '✗'}`).join('  ');
    return [row('services', 'Services', text, s.value.every((x) => x.active) ? 'ok' : 'warn')];
  },
});
