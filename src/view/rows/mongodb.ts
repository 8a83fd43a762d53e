// MongoDB: this member's state in its set, then the others (a secondary with its lag).
import { formatDuration } from '../../format/units.js';
import { defineRows } from '../component.js';
import { row, unknownRow } from '../row.js';

export const mongodb = defineRows({
  facts: 'mongodb',
  settings: (def) => def.components.mongodb,
  rows: (m) => {
    if (!m.known) return [unknownRow('mongodb', 'MongoDB', m)];
    const self = m.value.members.find((x) => x.self);
    const others = m.value.members
      .filter((x) => !x.self)
      .map(
        (x) => `${x.name} ${x.stateStr}${x.lagSeconds !== null && x.stateStr === 'SECONDARY' ? ` ${formatDuration(x.lagSeconds)}` : ''}`,
      );
    const healthy = m.value.members.every((x) => x.health === 1) && m.value.members.some((x) => x.stateStr === 'PRIMARY');
    return [row('mongodb', 'MongoDB', `${self?.stateStr ?? '?'} (${m.value.set}) · ${others.join(' · ')}`, healthy ? 'ok' : 'bad')];
  },
});
