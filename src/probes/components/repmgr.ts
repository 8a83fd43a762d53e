// repmgr: `repmgr cluster show --compact`, each node as repmgr sees it (components.repmgr), run as
// the PostgreSQL OS user (components.postgres.os_user, postgres by default). Parsed by
// parse/repmgr.ts.
import { sh } from '../../transport/quote.js';
import { defineProbe } from '../component.js';
import { sectionFunction, slowSection } from '../section-commands.js';
import { parseRepmgr } from '../parse/repmgr.js';

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

export const repmgr = defineProbe({
  facts: 'repmgr',
  settings: ({ components: c }) =>
    c.repmgr && { config: c.repmgr.config, osUser: c.postgres?.os_user ?? 'postgres', binDir: c.postgres?.bin_dir ?? null },
  // Slow: it opens a PostgreSQL session on both nodes; the session asks for it at its slow period.
  // Not a builtin form: the session runs this function in the background like the per-round script.
  sections: (r) => [
    slowSection(
      sectionFunction(
        SECTION,
        'hp_s_repmgr',
        ['cd / || exit 1', ...findRepmgrLines(r.binDir), sh`hp_as ${r.osUser} "$hp_repmgr" -f ${r.config} cluster show --compact`],
        ['hp_as'],
      ),
    ),
  ],
  parse: (own, _r, ctx) => parseRepmgr(own.get(SECTION), ctx),
});
