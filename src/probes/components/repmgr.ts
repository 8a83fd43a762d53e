// repmgr: each node as repmgr sees it (components.repmgr). The per-round script runs
// `repmgr cluster show --compact` as the PostgreSQL OS user (components.postgres.os_user, postgres by
// default), parsed by parse/repmgr.ts. The persistent session reads repmgr's metadata through its
// open psql instead (repmgr-sql.ts, parsed by parse/repmgr-nodes.ts): cluster show connects to
// both nodes' PostgreSQL every time, the metadata costs no session. The database and this node's id
// come from repmgr.conf (conninfo's dbname, node_id), read with builtins.
import { sh } from '../../transport/quote.js';
import { defineProbe } from '../component.js';
import { builtinFunction, sectionFunction } from '../section-commands.js';
import { parseRepmgr } from '../parse/repmgr.js';
import { parseRepmgrNodes, REPMGR_LOCAL_TAG } from '../parse/repmgr-nodes.js';
import { REPMGR_NODES_SQL } from '../repmgr-sql.js';

const SECTION = 'repmgr';

// The session's builtin form, after `local conf user port`: db and this node's id from repmgr.conf
// (conninfo's dbname, else its user: libpq's default), the id printed first as REPMGR_LOCAL_TAG.
const READ_CONF = String.raw`
local l c= id= db= u= re
{ while IFS= read -r l || [ -n "$l" ]; do case $l in node_id=*) id=${'$'}{l#node_id=} ;; conninfo=*) c=${'$'}{l#conninfo=} ;; esac; done <"$conf"; } 2>/dev/null \
  || { printf '%s: cannot read it\n' "$conf" >&2; return 2; }
re="(^|[[:space:]'\"])dbname[[:space:]]*=[[:space:]]*([^[:space:]'\"]+)"; [[ $c =~ $re ]] && db=${'$'}{BASH_REMATCH[2]}
re="(^|[[:space:]'\"])user[[:space:]]*=[[:space:]]*([^[:space:]'\"]+)"; [[ $c =~ $re ]] && u=${'$'}{BASH_REMATCH[2]}
db=${'$'}{db:-$u}; id=${'$'}{id//[!0-9]/}
[ -n "$db" ] || { printf '%s: no dbname in its conninfo\n' "$conf" >&2; return 2; }
[ -n "$id" ] || { printf '%s: no node_id\n' "$conf" >&2; return 2; }
printf '%s\x1f%s\n' ${REPMGR_LOCAL_TAG} "$id"
`
  .trim()
  .split('\n');

export const repmgr = defineProbe({
  facts: 'repmgr',
  settings: ({ components: c }) =>
    c.repmgr && { config: c.repmgr.config, osUser: c.postgres?.os_user ?? 'postgres', port: c.postgres?.port ?? 5432 },
  sections: (r) => [
    builtinFunction(
      sectionFunction(
        SECTION,
        'hp_s_repmgr',
        ['cd / || exit 1', 'hp_need repmgr', sh`hp_as ${r.osUser} repmgr -f ${r.config} cluster show --compact`],
        ['hp_as', 'hp_need'],
      ),
      [
        sh`local conf=${r.config} user=${r.osUser} port=${String(r.port)}`,
        ...READ_CONF,
        sh`hp_pg_query "$user" "$port" "$db" ${REPMGR_NODES_SQL}`,
      ],
    ),
  ],
  parse: (own, _r, ctx) => {
    const s = own.get(SECTION);
    return s?.stdout.startsWith(`${REPMGR_LOCAL_TAG}\x1f`) ? parseRepmgrNodes(s, ctx) : parseRepmgr(s, ctx);
  },
});
