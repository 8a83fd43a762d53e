// repmgr: each node as repmgr sees it, in warning colours unless all run (or, in the session's
// answer from repmgr's metadata, another node is registered active: parse/repmgr-nodes.ts).
import { defineRows } from '../component.js';
import { row, unknownRow } from '../row.js';

export const repmgr = defineRows({
  facts: 'repmgr',
  settings: (def) => def.components.repmgr,
  rows: (r) => {
    if (!r.known) return [unknownRow('repmgr', 'repmgr', r)];
    const text = r.value.map((n) => `${n.name} ${n.role} ${n.status.trim()}`).join(' · ');
    return [row('repmgr', 'repmgr', text, r.value.every((n) => /^((\* )?running|active)$/.test(n.status.trim())) ? 'ok' : 'warn')];
  },
});
