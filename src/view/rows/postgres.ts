// PostgreSQL: the role, timeline and position; on a primary each WAL sender with its lag, on a
// standby its WAL receiver and replay lag, in warning colours past the lag thresholds.
import { formatBytes, formatDuration } from '../../format/units.js';
import { defineRows } from '../component.js';
import { row, type Row } from '../row.js';

export const postgres = defineRows({
  facts: 'postgres',
  settings: (def) => def.components.postgres && { lagBytes: def.thresholds.lag_bytes, lagSeconds: def.thresholds.lag_seconds },
  rows: (pg, { lagBytes, lagSeconds }) => {
    if (!pg.known) return [row('postgres', 'PostgreSQL', `down or unknown: ${pg.reason}`, 'bad')];
    const v = pg.value;
    const tl = v.timeline !== null ? `TL ${v.timeline}` : 'TL ?';
    if (v.role === 'primary') {
      const rows: Row[] = [row('postgres', 'PostgreSQL', `PRIMARY · ${tl} · ${v.currentLsn ?? '?'}`, 'ok')];
      if (v.senders.length === 0) rows.push(row('postgres.sender.0', '  replication', 'no WAL sender: no standby connected', 'warn'));
      v.senders.forEach((s, i) => {
        const over = (s.lagBytes ?? 0) > lagBytes || (s.replayLagSeconds ?? 0) > lagSeconds;
        const lag = `lag ${s.lagBytes !== null ? formatBytes(s.lagBytes) : '?'}${s.replayLagSeconds !== null ? ` / ${formatDuration(s.replayLagSeconds)}` : ''}`;
        rows.push(
          row(
            `postgres.sender.${i}`,
            i === 0 ? '  replication' : '',
            `→ ${s.applicationName} ${s.state} ${s.syncState} · ${lag}`,
            s.state !== 'streaming' || over ? 'warn' : 'ok',
          ),
        );
      });
      return rows;
    }
    const r = v.receiver;
    const streaming = r?.status === 'streaming';
    const over = (v.replayLagSeconds ?? 0) > lagSeconds || (v.replayBacklogBytes ?? 0) > lagBytes;
    return [
      row('postgres', 'PostgreSQL', `standby · ${tl} · replayed ${v.replayedLsn ?? '?'}`, streaming ? 'ok' : 'bad'),
      row(
        'postgres.sender.0',
        '  replication',
        r ? `← ${r.status} from ${r.senderHost ?? '?'}${r.slotName ? ` (slot ${r.slotName})` : ''}` : 'no WAL receiver: not replicating',
        streaming ? 'ok' : 'bad',
      ),
      row(
        'postgres.lag',
        '  replay lag',
        `${v.replayLagSeconds !== null ? formatDuration(v.replayLagSeconds) : '?'} · backlog ${v.replayBacklogBytes !== null ? formatBytes(v.replayBacklogBytes) : '?'}`,
        over ? 'warn' : 'ok',
      ),
    ];
  },
});
