// Role file: what the stack's role file says, flagged when it disagrees with the live PostgreSQL
// role (master on the primary, slave on the standby) or the status is not "working".
import { defineRows } from '../component.js';
import { row, unknownRow } from '../row.js';

export const roleFiles = defineRows({
  facts: 'roleFiles',
  settings: (def) => def.components.role_files,
  rows: (r, _files, node) => {
    if (!r.known) return [unknownRow('role', 'Role file', r)];
    const live = node.postgres?.known ? node.postgres.value.role : null;
    const expected = live === 'primary' ? 'master' : live === 'standby' ? 'slave' : null;
    const mismatch = expected !== null && r.value.role !== null && r.value.role !== expected;
    const text = `${r.value.role ?? 'no role file'}${r.value.status !== null ? ` / ${r.value.status}` : ''}${mismatch ? `  ≠ live ${live}` : ''}`;
    const tone = mismatch || r.value.role === null ? 'bad' : r.value.status && r.value.status !== 'working' ? 'warn' : 'ok';
    return [row('role', 'Role file', text, tone)];
  },
});
