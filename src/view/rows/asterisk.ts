// Calls: Asterisk's active calls and channels.
import { defineRows } from '../component.js';
import { row, unknownRow } from '../row.js';

export const asterisk = defineRows({
  facts: 'asterisk',
  settings: (def) => def.components.asterisk,
  rows: (a) => {
    if (!a.known) return [unknownRow('asterisk', 'Calls', a)];
    return [row('asterisk', 'Calls', `${a.value.activeCalls} active calls · ${a.value.activeChannels} channels`)];
  },
});
