// The shell function of each probe section: what is run on the node, and nothing else. Every
// value taken from the cluster definition goes through quote.ts (sh`...`, argvToShell). Each
// section prints plain, line-oriented text that its parser in parse/ reads; the formats are
// described next to each function and must stay in step with the parsers.
// Read-only by construction: no command here writes a file, sends a signal or changes a service.
import type { ClusterDefinition } from '../config/schema.js';
import { sh, argvToShell, shellQuote } from '../transport/quote.js';
import { POSTGRES_PROBE_SQL } from './postgres-sql.js';
import { LOCK_FILE } from '../cluster/lock-file.js';

export interface SectionCommand {
  /** Section name as it appears in the delimiters: host, postgres, sync.0 ... */
  name: string;
  /** The shell function that runs the section (defined in the script, run in its own bash). */
  fn: string;
  /** Helper functions it calls; their definitions are passed along with it. */
  helpers: string[];
  /** The function definition(s) specific to this section. */
  definition: string;
}

/** Shared helpers, defined once at the top of the script. */
export const HELPERS = String.raw`
# hp_as USER CMD...: run CMD as another OS user without a login shell. runuser when we are root,
# sudo -n (never prompts) otherwise; directly when we already are that user.
hp_as() {
  local u=$1; shift
  if [ "$(id -un)" = "$u" ]; then "$@"
  elif [ "$(id -u)" = 0 ]; then runuser -u "$u" -- "$@"
  else sudo -n -u "$u" -- "$@"; fi
}
# hp_need CMD: a missing program is reported the same way everywhere (exit 127).
hp_need() {
  command -v "$1" >/dev/null 2>&1 || { printf '%s: command not found\n' "$1" >&2; exit 127; }
}
# hp_file LABEL PATH: "LABEL missing", "LABEL unreadable" or "LABEL present BASE64" (first 4 KiB).
hp_file() {
  local c
  if [ ! -e "$2" ]; then printf '%s missing\n' "$1"; return 0; fi
  if ! c=$(set -o pipefail; head -c 4096 -- "$2" | base64 -w 0); then printf '%s unreadable\n' "$1"; return 0; fi
  printf '%s present %s\n' "$1" "$c"
}
# hp_du PATH: "missing", or du's own line "BYTES<TAB>PATH" (apparent size, comparable across file systems).
hp_du() {
  if [ ! -e "$1" ] && [ ! -L "$1" ]; then echo missing; return 0; fi
  du -sb -- "$1"
}
`.trim();

/** pgrep -x matches the kernel's process name, which is cut to 15 characters, and reads a regex. */
export function pgrepPattern(processName: string): string {
  return processName.slice(0, 15).replace(/[.[\]{}()*+?^$|\\]/g, '\\$&');
}

// Commands are indented by their first line only: a command may hold a quoted value that spans
// lines (a path with a newline, the SQL), and indenting inside the quotes would change the value.
function fn(name: string, fnName: string, commands: string[], helpers: string[] = []): SectionCommand {
  const body = commands.map((c) => `  ${c}`).join('\n');
  return { name, fn: fnName, helpers, definition: `${fnName}() {\n${body}\n}` };
}

/** The sections for a cluster definition, in the order they are printed. host always comes first. */
export function sectionCommands(def: ClusterDefinition): SectionCommand[] {
  const c = def.components;
  const out: SectionCommand[] = [];

  // "hostname NAME", "uptime <contents of /proc/uptime>", "loadavg <contents of /proc/loadavg>",
  // "clock <ns since the epoch>".
  out.push(
    fn('host', 'hp_s_host', [
      `printf 'hostname %s\\n' "$(uname -n)"`,
      `printf 'uptime %s\\n' "$(cat /proc/uptime)"`,
      `printf 'loadavg %s\\n' "$(cat /proc/loadavg)"`,
      `printf 'clock %s\\n' "$(date +%s%N)"`,
    ]),
  );

  // hapilot's own lock file: who runs a procedure on this cluster right now.
  out.push(fn('lock', 'hp_s_lock', [sh`hp_file lock ${LOCK_FILE}`], ['hp_file']));

  if (c.role_files) {
    const lines = [sh`hp_file role ${c.role_files.role}`];
    if (c.role_files.status) lines.push(sh`hp_file status ${c.role_files.status}`);
    out.push(fn('role_files', 'hp_s_role_files', lines, ['hp_file']));
  }

  if (c.services && c.services.length > 0) {
    // "svc INDEX systemctl STATE" or "svc INDEX pgrep COUNT": the index refers to the definition's
    // list, so no name read back from the node has to be trusted or unescaped.
    const systemd = c.services.map((s, i) => sh`printf 'svc %s systemctl %s\\n' ${String(i)} "$(systemctl is-active -- ${s.name})"`);
    const pgrep = c.services.map(
      (s, i) =>
        sh`n=$(pgrep -c -x -- ${pgrepPattern(s.process ?? s.name)}); rc=$?; [ "$rc" -le 1 ] || exit "$rc"; printf 'svc %s pgrep %s\\n' ${String(i)} "$n"`,
    );
    out.push(
      fn(
        'services',
        'hp_s_services',
        [
          '# systemd is PID 1 when /run/systemd/system exists (sd_booted); otherwise ask the process table.',
          'if [ -d /run/systemd/system ]; then',
          ...systemd.map((l) => `  ${l}`),
          'else',
          '  hp_need pgrep',
          ...pgrep.map((l) => `  ${l}`),
          'fi',
        ],
        ['hp_need'],
      ),
    );
  }

  if (c.postgres) {
    const pg = c.postgres;
    // One psql call over the local socket, in a read-only session: the probe cannot write even by
    // mistake. Rows: "TAG<US>JSON" (US = \x1f); JSON keeps NULL apart from "".
    out.push(
      fn(
        'postgres',
        'hp_s_postgres',
        [
          'cd / || exit 1',
          'hp_need psql',
          sh`hp_as ${pg.os_user} env PGOPTIONS='-c default_transaction_read_only=on' PGCONNECT_TIMEOUT=3 psql -XAtq -v ON_ERROR_STOP=1 -p ${String(pg.port)} -d ${pg.database} -c ${POSTGRES_PROBE_SQL}`,
        ],
        ['hp_as', 'hp_need'],
      ),
    );
  }

  if (c.repmgr) {
    const user = c.postgres?.os_user ?? 'postgres';
    out.push(
      fn(
        'repmgr',
        'hp_s_repmgr',
        ['cd / || exit 1', 'hp_need repmgr', sh`hp_as ${user} repmgr -f ${c.repmgr.config} cluster show --compact`],
        ['hp_as', 'hp_need'],
      ),
    );
  }

  if (c.redis) {
    const r = c.redis;
    const run = sh`redis-cli -p ${String(r.port)} info replication`;
    const body = r.password_file
      ? // The password is read on the node and handed over in the environment, never on a command line.
        ['hp_need redis-cli', sh`hp_pw=$(cat -- ${r.password_file}) || exit 2`, `REDISCLI_AUTH=$hp_pw ${run}`]
      : ['hp_need redis-cli', run];
    out.push(fn('redis', 'hp_s_redis', body, ['hp_need']));
  }

  if (c.mongodb) {
    const argv = c.mongodb.command;
    out.push(
      fn(
        'mongodb',
        'hp_s_mongodb',
        [sh`hp_need ${argv[0]!}`, `${argvToShell([...argv, '--eval', 'JSON.stringify(rs.status())'])}`],
        ['hp_need'],
      ),
    );
  }

  // One section per sync path: a huge tree that times out does not hide the others.
  c.sync?.paths.forEach((p, i) => {
    out.push(fn(`sync.${i}`, `hp_s_sync_${i}`, [sh`hp_du ${p}`], ['hp_du']));
  });

  if (def.vip) {
    out.push(fn('vip', 'hp_s_vip', ['hp_need ip', 'ip -o addr show'], ['hp_need']));
  }

  if (c.keepalived) {
    const k = c.keepalived;
    // "processes N", then "weight-missing" or "weight CONTENT" for the release file (last line:
    // content runs to the end). The label "weight" is only this section's protocol.
    const lines = [
      'hp_need pgrep',
      sh`n=$(pgrep -c -x -- ${pgrepPattern(k.process)}); rc=$?; [ "$rc" -le 1 ] || exit "$rc"`,
      `printf 'processes %s\\n' "$n"`,
    ];
    if (k.release_file) {
      lines.push(
        sh`if [ -e ${k.release_file} ]; then w=$(head -c 256 -- ${k.release_file}) || exit 1; printf 'weight %s\\n' "$w"; else echo weight-missing; fi`,
      );
    }
    out.push(fn('keepalived', 'hp_s_keepalived', lines, ['hp_need']));
  }

  if (c.backups) {
    const b = c.backups;
    // "missing" | "unreadable" | "now SECONDS", "count N", then "latest MTIME SIZE NAME" (the name
    // runs to the end of the output). NUL-separated between find and read, so any file name is safe.
    out.push(
      fn('backups', 'hp_s_backups', [
        sh`d=${b.dir}`,
        `if [ ! -d "$d" ]; then echo missing; exit 0; fi`,
        `if [ ! -r "$d" ] || [ ! -x "$d" ]; then echo unreadable; exit 0; fi`,
        `printf 'now %s\\n' "$(date +%s.%N)"`,
        'n=0; latest=',
        `while IFS= read -r -d '' rec; do n=$((n + 1)); [ -n "$latest" ] || latest=$rec; done < <(`,
        sh`  find "$d" -maxdepth 1 -type f -name ${b.pattern} -printf '%T@ %s %f\\0' | sort -z -n -r)`,
        `printf 'count %s\\n' "$n"`,
        `[ -z "$latest" ] || printf 'latest %s\\n' "$latest"`,
      ]),
    );
  }

  if (c.asterisk) {
    const argv = c.asterisk.command;
    out.push(fn('asterisk', 'hp_s_asterisk', [sh`hp_need ${argv[0]!}`, argvToShell(argv)], ['hp_need']));
  }

  return out;
}

/** Quote a section timeout (seconds, possibly fractional) for `timeout`. */
export function timeoutArg(seconds: number): string {
  // timeout takes a decimal number; avoid exponent notation for tiny or huge values.
  const s = Number.isInteger(seconds) ? String(seconds) : seconds.toFixed(3).replace(/0+$/, '');
  return shellQuote(s);
}
