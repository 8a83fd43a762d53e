// sync: the size of each synchronised directory (components.sync.paths), one section per path
// (sync.0, sync.1, ...) so a huge tree that times out does not hide the others. Each prints
// "missing" or du's "BYTES<TAB>PATH"; parsed by parse/sync.ts.
import { sh } from '../../transport/quote.js';
import { defineProbe } from '../component.js';
import { sectionFunction, slowSection } from '../section-commands.js';
import { parseSync, syncSectionName } from '../parse/sync.js';

export const sync = defineProbe({
  facts: 'sync',
  settings: (def) => def.components.sync,
  // Slow: du walks the whole tree; the session asks for it at its slow period.
  sections: ({ paths }) =>
    paths.map((p, i) => slowSection(sectionFunction(syncSectionName(i), `hp_s_sync_${i}`, [sh`hp_du ${p}`], ['hp_du']))),
  parse: (own, { paths }, ctx) => parseSync(own, ctx, paths),
});
