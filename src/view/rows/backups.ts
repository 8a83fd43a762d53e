// Backups: the newest dump with its age (in warning colours past backup_max_age) and how many are kept.
import { formatDuration } from '../../format/units.js';
import { defineRows } from '../component.js';
import { row, unknownRow } from '../row.js';

export const backups = defineRows({
  facts: 'backups',
  settings: (def) => def.components.backups && { maxAge: def.thresholds.backup_max_age },
  rows: (b, { maxAge }) => {
    if (!b.known) return [unknownRow('backups', 'Backups', b)];
    const l = b.value.latest;
    if (l === null) return [row('backups', 'Backups', 'none', 'muted')];
    return [
      row(
        'backups',
        'Backups',
        `${l.name} · ${formatDuration(l.ageSeconds)} old · ${b.value.count} kept`,
        l.ageSeconds > maxAge ? 'warn' : 'ok',
      ),
    ];
  },
});
