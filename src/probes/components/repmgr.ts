// repmgr: `repmgr cluster show --compact`, each node as repmgr sees it (components.repmgr), run as
// the PostgreSQL OS user (components.postgres.os_user, postgres by default). Parsed by
// parse/repmgr.ts.
import { sh } from '../../transport/quote.js';
import { defineProbe } from '../component.js';
import { sectionFunction, slowSection } from '../section-commands.js';
import { parseRepmgr } from '../parse/repmgr.js';

const SECTION = 'repmgr';

export const repmgr = defineProbe({
  facts: 'repmgr',
  settings: ({ components: c }) => c.repmgr && { config: c.repmgr.config, osUser: c.postgres?.os_user ?? 'postgres' },
  // Slow: it opens a PostgreSQL session on both nodes; the session asks for it at its slow period.
  sections: (r) => [
    slowSection(
      sectionFunction(
        SECTION,
        'hp_s_repmgr',
        ['cd / || exit 1', 'hp_need repmgr', sh`hp_as ${r.osUser} repmgr -f ${r.config} cluster show --compact`],
        ['hp_as', 'hp_need'],
      ),
    ),
  ],
  parse: (own, _r, ctx) => parseRepmgr(own.get(SECTION), ctx),
});
