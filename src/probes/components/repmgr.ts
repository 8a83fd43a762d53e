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

// Packages put repmgr beside PostgreSQL's own programs, which are often not on PATH: PGDG/RHEL
// (/usr/pgsql-V/bin), Debian (/usr/lib/postgresql/V/bin), SUSE (/usr/lib/postgresqlVV/bin), a
// source build (/usr/local/pgsql/bin). The same places postgres-layout-script.ts looks at.
export const REPMGR_DIR_GLOBS = '/usr/pgsql-*/bin /usr/lib/postgresql/*/bin /usr/lib/postgresql[0-9]*/bin /usr/local/pgsql/bin';

/**
 * Shell lines that set hp_repmgr to the repmgr program to run: in the cluster file's bin_dir first
 * (the operator named the installation), then on PATH, then in the usual directories, the highest
 * version when several hold one (sort -V: 9.6 before 15). Exit 127 with the usual message when none.
 * dirGlobs is shell text (unquoted globs), never a value from the cluster file.
 */
export function findRepmgrLines(binDir: string | null, dirGlobs: string = REPMGR_DIR_GLOBS): string[] {
  return [
    'hp_repmgr=',
    ...(binDir ? [sh`[ -x ${`${binDir}/repmgr`} ] && hp_repmgr=${`${binDir}/repmgr`}`] : []),
    '[ -n "$hp_repmgr" ] || hp_repmgr=$(command -v repmgr 2>/dev/null)',
    `[ -n "$hp_repmgr" ] || hp_repmgr=$(for hp_d in ${dirGlobs}; do [ -x "$hp_d/repmgr" ] && printf '%s\\n' "$hp_d/repmgr"; done | sort -V | tail -n 1)`,
    `[ -n "$hp_repmgr" ] || { printf 'repmgr: command not found\\n' >&2; exit 127; }`,
  ];
}

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
    c.repmgr && {
      config: c.repmgr.config,
      osUser: c.postgres?.os_user ?? 'postgres',
      binDir: c.postgres?.bin_dir ?? null,
      port: c.postgres?.port ?? 5432,
    },
  // The per-round script runs repmgr cluster show (found where it is installed); the session reads
  // repmgr's metadata through its open psql instead, every round, at no session's cost.
  sections: (r) => [
    builtinFunction(
      sectionFunction(
        SECTION,
        'hp_s_repmgr',
        ['cd / || exit 1', ...findRepmgrLines(r.binDir), sh`hp_as ${r.osUser} "$hp_repmgr" -f ${r.config} cluster show --compact`],
        ['hp_as'],
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
