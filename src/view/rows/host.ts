// Host: hostname, uptime and load.
import { formatDuration } from '../../format/units.js';
import { alwaysShown } from '../component.js';
import { row, unknownRow } from '../row.js';

export const host = alwaysShown({
  facts: 'host',
  rows: (h) => {
    if (!h.known) return [unknownRow('host', 'Host', h)];
    const v = h.value;
    return [
      row('host', 'Host', `${v.hostname} · up ${formatDuration(v.uptimeSeconds)} · load ${v.load.map((l) => l.toFixed(2)).join(' ')}`),
    ];
  },
});
