// asterisk: active calls and channels from Asterisk's console (components.asterisk.command, by
// default `asterisk -rx 'core show channels'`), parsed by parse/asterisk.ts.
import { argvToShell, sh } from '../../transport/quote.js';
import { defineProbe } from '../component.js';
import { sectionFunction } from '../section-commands.js';
import { parseAsterisk } from '../parse/asterisk.js';

const SECTION = 'asterisk';

export const asterisk = defineProbe({
  facts: 'asterisk',
  settings: (def) => def.components.asterisk,
  sections: ({ command }) => [sectionFunction(SECTION, 'hp_s_asterisk', [sh`hp_need ${command[0]!}`, argvToShell(command)], ['hp_need'])],
  parse: (own, _a, ctx) => parseAsterisk(own.get(SECTION), ctx),
});
