// postgres: the server's role, timeline, WAL positions, senders, receiver and slots
// (components.postgres). One psql call over the local socket, in a read-only session: the probe
// cannot write even by mistake. The query is postgres-sql.ts; it prints rows "TAG<US>JSON"
// (US = \x1f; JSON keeps NULL apart from ""), parsed by parse/postgres.ts.
import { sh } from '../../transport/quote.js';
import { defineProbe } from '../component.js';
import { builtinFunction, sectionFunction } from '../section-commands.js';
import { POSTGRES_PROBE_SQL } from '../postgres-sql.js';
import { parsePostgres } from '../parse/postgres.js';

const SECTION = 'postgres';

export const postgres = defineProbe({
  facts: 'postgres',
  settings: (def) => def.components.postgres,
  sections: (pg) => [
    // The session keeps one read-only psql open (hp_pg_query, session-program.ts) and sends it the
    // same query each round; the section's own time limit applies to the answer. The query reads
    // only what every database sees (-a): it runs in whichever database that psql is in (repmgr's,
    // once the repmgr section has asked), so the two sections share one connection.
    builtinFunction(
      sectionFunction(
        SECTION,
        'hp_s_postgres',
        [
          'cd / || exit 1',
          'hp_need psql',
          sh`hp_as ${pg.os_user} env PGOPTIONS='-c default_transaction_read_only=on' PGCONNECT_TIMEOUT=3 psql -XAtq -v ON_ERROR_STOP=1 -p ${String(pg.port)} -d ${pg.database} -c ${POSTGRES_PROBE_SQL}`,
        ],
        ['hp_as', 'hp_need'],
      ),
      [sh`hp_pg_query -a ${pg.os_user} ${String(pg.port)} ${pg.database} ${POSTGRES_PROBE_SQL}`],
    ),
  ],
  parse: (own, _pg, ctx) => parsePostgres(own.get(SECTION), ctx),
});
