// Lock: only when someone holds it, a procedure is running (or died) on this cluster.
import { describeHolder } from '../../cluster/lock-file.js';
import { alwaysShown } from '../component.js';
import { row, unknownRow } from '../row.js';

export const lock = alwaysShown({
  facts: 'lock',
  rows: (l) => {
    if (!l.known) return [unknownRow('lock', 'Lock', l)];
    return l.value ? [row('lock', 'Lock', `LOCKED: ${describeHolder(l.value)}`, 'warn')] : [];
  },
});
