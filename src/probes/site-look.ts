// The site look: what a procedure needs to know about how a node is built, read once when a plan is
// made (not every round: it does not change while the console watches, and it costs more). Read-only
// sections, run like a round's (own time limit and exit status, nonce framing):
//   - keepalived: the configuration keepalived was started with (-f, else the default file), every
//     file its `include` lines match (globs expanded on the node, in keepalived's order), and the
//     program files its vrrp_scripts run, so a script that follows the database role can be told
//     from one that only checks a process;
//   - pacemaker: `crm_mon --output-as=xml` and `cibadmin -Q` (Pacemaker's own reading commands);
//   - pg_layout: how PostgreSQL is installed and run (postgres-layout-script.ts).
// Nothing is written, signalled or started. Parsed by parse/keepalived-files.ts,
// parse/pacemaker.ts and parse/postgres-layout.ts; ops/site.ts decides from the result.
import type { ClusterDefinition } from '../config/schema.js';
import type { Fact, NodeId, PostgresLayoutFacts } from '../cluster/facts.js';
import { shellQuote } from '../transport/quote.js';
import type { CommandRunner, RemoteCommand } from '../transport/types.js';
import { postgresLayoutScript } from './postgres-layout-script.js';
import { HELPERS, sectionFunction, timeoutArg, type SectionCommand } from './section-commands.js';
import { SECTION_KILL_AFTER, SECTION_RUNNER } from './script.js';
import { splitSections } from './sections.js';
import { newNonce, ROUND_MARGIN_MS } from './round.js';
import { parseKeepalivedFiles, type KeepalivedSiteFacts } from './parse/keepalived-files.js';
import { parsePostgresLayout } from './parse/postgres-layout.js';
import { parsePacemaker, type PacemakerFacts } from './parse/pacemaker.js';

/**
 * Seconds each section of the site look may take. More than a round's 5 s: it runs `pg_ctl
 * --version` for each bin directory and asks systemd about every postgresql unit, and a node busy
 * with a workload (the moment a switchover is planned) can take several seconds for that.
 */
export const SITE_SECTION_TIMEOUT = 25;

export interface SiteFacts {
  keepalived: Fact<KeepalivedSiteFacts>;
  pacemaker: Fact<PacemakerFacts>;
  /** Null when the cluster file has no postgres component. */
  pgLayout: Fact<PostgresLayoutFacts> | null;
}

// A plain template: bash's own \${...} and printf's \\t are escaped for JavaScript.
const KEEPALIVED = `
if ! command -v keepalived >/dev/null 2>&1 && [ ! -d /etc/keepalived ]; then echo absent; exit 0; fi
main=/etc/keepalived/keepalived.conf
id=$(uname -n); id=\${id%%.*}
pid=$(pgrep -o -x keepalived)
printf 'running\\t%s\\n' "$pid"
if [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ]; then
  mapfile -d '' -t args < "/proc/$pid/cmdline"
  for ((k = 0; k < \${#args[@]}; k++)); do
    case \${args[k]} in
      -f|--use-file) main=\${args[k+1]} ;;
      --use-file=*) main=\${args[k]#--use-file=} ;;
      -f?*) main=\${args[k]#-f} ;;
      -i|--config-id) id=\${args[k+1]} ;;
      --config-id=*) id=\${args[k]#--config-id=} ;;
    esac
  done
fi
printf 'main\\t%s\\n' "$main"
printf 'configid\\t%s\\n' "$id"
files=("$main"); read_ok=(); k=0
while [ "$k" -lt "\${#files[@]}" ] && [ "$k" -lt 64 ]; do
  f=\${files[k]}; k=$((k + 1))
  if [ ! -f "$f" ] || [ ! -r "$f" ]; then printf 'unreadable\\t%s\\n' "$f"; continue; fi
  printf 'file\\t%s\\t%s\\n' "$f" "$(head -c 262144 -- "$f" | base64 -w 0)"
  read_ok+=("$f")
  while IFS=: read -r n rest; do
    read -r _ pat _ <<< "$rest"
    pat=\${pat#\\"}; pat=\${pat%\\"}
    case $pat in /*) ;; *) pat=$(dirname -- "$f")/$pat ;; esac
    shopt -s nullglob; m=($pat); shopt -u nullglob
    printf 'include\\t%s\\t%s' "$f" "$n"; printf '\\t%s' "\${m[@]}"; printf '\\n'
    files+=("\${m[@]}")
  done < <(grep -n -E '^[[:space:]]*include[[:space:]]' -- "$f")
done
[ "\${#read_ok[@]}" -gt 0 ] || exit 0
grep -h -E '^[[:space:]]*script[[:space:]]' -- "\${read_ok[@]}" | while read -r _ s _; do
  s=\${s#\\"}; s=\${s%\\"}
  case $s in /*) ;; *) continue ;; esac
  if [ -f "$s" ] && [ -r "$s" ]; then printf 'scripttext\\t%s\\t%s\\n' "$s" "$(head -c 65536 -- "$s" | base64 -w 0)"; fi
done | awk '!seen[$2]++'
exit 0`.trim();

// Pacemaker's reading commands; crm_node -n names this node as the cluster knows it (a move names
// the target node that way, which need not be hapilot's name for it).
const PACEMAKER = String.raw`
if ! command -v crm_mon >/dev/null 2>&1; then echo absent; exit 0; fi
printf 'node\t%s\n' "$(crm_node -n 2>/dev/null)"
out=$(crm_mon --output-as=xml 2>&1); rc=$?
printf 'crm_mon\t%s\t%s\n' "$rc" "$(printf '%s' "$out" | head -c 1048576 | base64 -w 0)"
out=$(cibadmin -Q 2>&1); rc=$?
printf 'cib\t%s\t%s\n' "$rc" "$(printf '%s' "$out" | head -c 1048576 | base64 -w 0)"
exit 0`.trim();

function sections(def: ClusterDefinition): SectionCommand[] {
  const list = [
    sectionFunction('keepalived', 'hp_site_keepalived', KEEPALIVED.split('\n')),
    sectionFunction('pacemaker', 'hp_site_pacemaker', PACEMAKER.split('\n')),
  ];
  const pg = def.components.postgres;
  if (pg) {
    const script = postgresLayoutScript({ osUser: pg.os_user, dataDir: pg.data_dir ?? null, binDir: pg.bin_dir ?? null });
    list.push(sectionFunction('pg_layout', 'hp_site_pg_layout', script.split('\n')));
  }
  return list;
}

/** The script (bash, on stdin of `bash -s`): the sections in parallel, then each printed between delimiters. */
export function buildSiteScript(def: ClusterDefinition, node: NodeId, nonce: string): string {
  const list = sections(def);
  return [
    `export LC_ALL=C  # hapilot site look (read-only) for node ${node}: ${list.map((s) => s.name).join(' ')}`,
    'unset BASH_ENV ENV',
    `HP_NONCE=${shellQuote(nonce)}`,
    `HP_TIMEOUT=${timeoutArg(SITE_SECTION_TIMEOUT)}`,
    HELPERS,
    ...list.map((s) => s.definition),
    SECTION_RUNNER,
    'hp_main() {',
    '  umask 077',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: bash's own ${TMPDIR:-/tmp}
    '  hp_dir=$(mktemp -d "${TMPDIR:-/tmp}/hapilot-probe.XXXXXXXX") || { echo "hapilot: mktemp -d failed" >&2; exit 70; }',
    `  trap 'rm -rf -- "$hp_dir"' EXIT`,
    ...list.map((s) => `  hp_run ${[s.name, s.fn, ...s.helpers].join(' ')}`),
    '  wait',
    ...list.map((s) => `  hp_emit ${s.name}`),
    '}',
    'hp_main </dev/null',
    '',
  ].join('\n');
}

export function siteCommand(def: ClusterDefinition, node: NodeId, nonce: string): RemoteCommand {
  return { kind: 'probe', label: 'site look', text: 'bash -s', stdin: buildSiteScript(def, node, nonce) };
}

/** The facts from the script's output. */
export function siteFactsFromOutput(output: string, nonce: string, def: ClusterDefinition): SiteFacts {
  const own = splitSections(output, nonce);
  const ctx = { sectionTimeout: SITE_SECTION_TIMEOUT };
  return {
    keepalived: parseKeepalivedFiles(own.get('keepalived'), ctx),
    pacemaker: parsePacemaker(own.get('pacemaker'), ctx),
    pgLayout: def.components.postgres ? parsePostgresLayout(own.get('pg_layout'), ctx) : null,
  };
}

/** Look at one node. A transport error (not connected, timed out) propagates to the caller. */
export async function lookAtSite(runner: CommandRunner, def: ClusterDefinition): Promise<SiteFacts> {
  const nonce = newNonce();
  const r = await runner.exec(siteCommand(def, runner.node, nonce), {
    timeoutMs: (SITE_SECTION_TIMEOUT + SECTION_KILL_AFTER) * 1000 + ROUND_MARGIN_MS,
  });
  return siteFactsFromOutput(r.stdout, nonce, def);
}
