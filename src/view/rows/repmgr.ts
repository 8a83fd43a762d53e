// repmgr: each node as repmgr sees it, in warning colours unless all run.
import { defineRows } from '../component.js';
import { row, unknownRow } from '../row.js';

export const repmgr = defineRows({
  facts: 'repmgr',
  settings: (def) => def.components.repmgr,
  rows: (r) => {
    if (!r.known) return [unknownRow('repmgr', 'repmgr', r)];
    const text = r.value.map((n) => `${n.name} ${n.role} ${n.status.trim()}`).join(' · ');
    return [row('repmgr', 'repmgr', text, r.value.every((n) => /^(\* )?running$/.test(n.status.trim())) ? 'ok' : 'warn')];
  },
});
