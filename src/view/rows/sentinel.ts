// Sentinel: the master it watches, where it believes it is, its flags, how many Sentinels, quorum.
import { defineRows } from '../component.js';
import { row, unknownRow } from '../row.js';

export const sentinel = defineRows({
  facts: 'sentinel',
  settings: (def) => def.components.sentinel,
  rows: (s) => {
    if (!s.known) return [unknownRow('sentinel', 'Sentinel', s)];
    const m = s.value.master;
    const down = m.flags.includes('o_down') || m.flags.includes('s_down');
    const q = s.value.ckquorum;
    return [
      row(
        'sentinel',
        'Sentinel',
        `${m.name} → ${m.ip}:${m.port}${down ? ` (${m.flags.join(',')})` : ''} · ${m.numOtherSentinels + 1} sentinels · quorum ${m.quorum}`,
        down ? 'bad' : 'plain',
      ),
      q.known
        ? row(
            'sentinel.quorum',
            '',
            q.value.ok ? 'failover can be authorised' : `NO QUORUM: ${q.value.message}`,
            q.value.ok ? 'ok' : 'warn',
          )
        : unknownRow('sentinel.quorum', '', q),
    ];
  },
});
