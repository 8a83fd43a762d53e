// Carbonio: habeat's lock files with their ages, the accounts replicated from the source mail host,
// Carbonio's queued operations, and the Consul witness's members; each part known or its reason.
import { formatDuration } from '../../format/units.js';
import { defineRows } from '../component.js';
import { row, unknownRow, type Row } from '../row.js';

export const carbonio = defineRows({
  facts: 'carbonio',
  settings: (def) => def.components.carbonio,
  rows: (c, settings) => {
    if (!c.known) return [unknownRow('carbonio', 'Carbonio', c)];
    const { locks, accounts, operations, witness } = c.value;
    const out: Row[] = [];
    if (!locks.known) out.push(unknownRow('carbonio.locks', 'habeat locks', locks));
    else {
      const present = locks.value.filter((l) => l.present);
      const stale = (l: (typeof present)[number]) => (l.ageSeconds ?? 0) > settings.lock_max_age;
      out.push(
        present.length === 0
          ? row('carbonio.locks', 'habeat locks', 'none', 'ok')
          : row(
              'carbonio.locks',
              'habeat locks',
              present.map((l) => `${l.path} ${formatDuration(l.ageSeconds ?? 0)}${stale(l) ? ' STALE' : ''}`).join(' · '),
              present.some(stale) ? 'bad' : 'warn',
            ),
      );
    }
    out.push(
      accounts.known
        ? row('carbonio.accounts', 'Replicas', `${accounts.value.names.length} accounts from ${accounts.value.source}`)
        : unknownRow('carbonio.accounts', 'Replicas', accounts),
    );
    out.push(
      operations.known
        ? row(
            'carbonio.operations',
            'Operations',
            operations.value === 0 ? 'none queued' : `${operations.value} queued`,
            operations.value === 0 ? 'ok' : 'warn',
          )
        : unknownRow('carbonio.operations', 'Operations', operations),
    );
    if (!witness.known) out.push(unknownRow('carbonio.witness', 'Consul', witness));
    else {
      const down = witness.value.filter((m) => m.status !== 1);
      out.push(
        row(
          'carbonio.witness',
          'Consul',
          `${witness.value.length} members, ${witness.value.length - down.length} alive${down.length ? ` · not alive: ${down.map((m) => m.name).join(', ')}` : ''}`,
          down.length ? 'warn' : 'ok',
        ),
      );
    }
    return out;
  },
});
