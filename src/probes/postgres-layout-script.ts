// The probe's look at how PostgreSQL is installed and run on a node, that works while PostgreSQL is
// stopped (the SQL cannot tell then). Read-only: it lists programs, asks pg_lsclusters and systemd,
// reads /proc of the running postmasters, runs `pg_ctl --version` and reads PG_VERSION and the
// first line of postmaster.pid; nothing is written, signalled or started.
// Run it as root or as the cluster's OS user: data directories and /proc/PID/cwd of the postmaster
// are readable to them only.
//
// One fact per line, fields separated by a TAB (a path with a TAB or a newline in it is not
// supported: the parser then reports the line as not understood):
//   program  NAME  PATH          PATH empty when NAME is not on PATH
//   systemd  yes|no
//   lscluster  LINE             pg_lsclusters --no-header, one line per cluster
//   lsclusters-exit  N          when pg_lsclusters failed
//   unit  NAME  KEY=VALUE       systemctl show of every postgresql* service
//   envfile  UNIT  PATH  LINE   PGDATA= or POSTGRES_DATADIR= lines of a unit's EnvironmentFile
//   pgrep  missing              the running postmasters could not be listed
//   postmaster  PID  USER  EXE  CWD
//   bindir  DIR  VERSION-LINE   a directory with a pg_ctl, and what `pg_ctl --version` printed
//   datadir  DIR  STATE  PG_VERSION  PID   STATE present|missing|unreadable; PID from postmaster.pid
//   home  PATH                  the OS user's home directory
import { sh } from '../transport/quote.js';

export interface PostgresLayoutScriptInput {
  osUser: string;
  /** The cluster file's data_dir, looked at even when it is not in a usual place. */
  dataDir?: string | null;
  /** The cluster file's bin_dir. */
  binDir?: string | null;
}

// Usual places: Debian (/usr/lib/postgresql/V/bin, /var/lib/postgresql/V/CLUSTER), PGDG
// (/usr/pgsql-V/bin, /var/lib/pgsql/V/data), SUSE (/usr/lib/postgresqlVV/bin, /var/lib/pgsql/data),
// RHEL's own packages (/usr/bin, /var/lib/pgsql/data), a source build (/usr/local/pgsql).
const BIN_GLOBS = '/usr/lib/postgresql/*/bin /usr/pgsql-*/bin /usr/lib/postgresql[0-9]*/bin /usr/local/pgsql/bin';
const DATA_GLOBS = '/var/lib/postgresql/*/* /var/lib/pgsql/*/data /var/lib/pgsql/data /usr/local/pgsql/data';

/** The script text (bash). */
export function postgresLayoutScript(input: PostgresLayoutScriptInput): string {
  // A plain template: bash's own \${...} and printf's \\t are escaped for JavaScript.
  return `
t=$(printf '\\t')
for p in pg_ctlcluster pg_lsclusters systemctl pg_ctl; do
  printf 'program\\t%s\\t%s\\n' "$p" "$(command -v "$p" 2>/dev/null)"
done
if [ -d /run/systemd/system ]; then echo "systemd\${t}yes"; else echo "systemd\${t}no"; fi
user=${sh`${input.osUser}`}
home=$(getent passwd "$user" | cut -d: -f6)
printf 'home\\t%s\\n' "$home"
dirs=()
bins=(${BIN_GLOBS})
if command -v pg_lsclusters >/dev/null 2>&1; then
  if out=$(pg_lsclusters --no-header 2>/dev/null); then
    while IFS= read -r l; do [ -n "$l" ] && printf 'lscluster\\t%s\\n' "$l"; done <<< "$out"
  else
    printf 'lsclusters-exit\\t%s\\n' "$?"
  fi
fi
# A value of PGDATA or POSTGRES_DATADIR as a unit or its environment file gives it.
add_dir() {
  local v=\${1#\\"}; v=\${v%\\"}
  case $v in "~$user"/*) v=$home/\${v#"~$user"/};; "~"/*) v=$home/\${v#"~"/};; esac
  dirs+=("$v")
}
if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
  units=$( { systemctl list-units --all --no-legend --plain --full 'postgresql*' 2>/dev/null
             systemctl list-unit-files --no-legend --plain --full 'postgresql*' 2>/dev/null; } |
           awk '$1 ~ /\\.service$/ && $1 !~ /@\\.service$/ {print $1}' | sort -u)
  for u in $units; do
    while IFS= read -r l; do
      printf 'unit\\t%s\\t%s\\n' "$u" "$l"
      case $l in
        Environment=*)
          read -ra words <<< "\${l#Environment=}"
          for w in "\${words[@]}"; do case $w in PGDATA=*) add_dir "\${w#PGDATA=}";; esac; done ;;
        EnvironmentFiles=*)
          f=\${l#EnvironmentFiles=}; f=\${f% (ignore_errors=*}
          [ -r "$f" ] || continue
          while IFS= read -r e; do
            printf 'envfile\\t%s\\t%s\\t%s\\n' "$u" "$f" "$e"
            add_dir "\${e#*=}"
          done < <(grep -E '^(PGDATA|POSTGRES_DATADIR)=' -- "$f") ;;
      esac
    done < <(systemctl show --property=Id,LoadState,ActiveState,UnitFileState,MainPID,Environment,EnvironmentFiles,ExecStop,KillSignal,Restart -- "$u")
  done
fi
c=$(command -v pg_ctl 2>/dev/null) && bins+=("$(dirname -- "$(readlink -f -- "$c")")")
if command -v pgrep >/dev/null 2>&1; then
  for pid in $(pgrep -x postgres; pgrep -x postmaster); do
    cwd=$(readlink -- "/proc/$pid/cwd" 2>/dev/null) || continue
    [ "$(head -n 1 -- "$cwd/postmaster.pid" 2>/dev/null)" = "$pid" ] || continue
    exe=$(readlink -- "/proc/$pid/exe" 2>/dev/null)
    printf 'postmaster\\t%s\\t%s\\t%s\\t%s\\n' "$pid" "$(stat -c %U -- "/proc/$pid")" "$exe" "$cwd"
    dirs+=("$cwd"); [ -n "$exe" ] && bins+=("$(dirname -- "$exe")")
  done
else
  echo "pgrep\${t}missing"
fi
${input.binDir ? sh`bins+=(${input.binDir})` : ':'}
printf '%s\\n' "\${bins[@]}" | awk '!seen[$0]++' | while IFS= read -r d; do
  [ -x "$d/pg_ctl" ] && printf 'bindir\\t%s\\t%s\\n' "$d" "$("$d/pg_ctl" --version 2>&1 | head -n 1)"
done
declared=${sh`${(input.dataDir ?? '').replace(/(.)\/+$/, '$1')}`}
dirs+=(${DATA_GLOBS})
[ -n "$declared" ] && dirs+=("$declared")
printf '%s\\n' "\${dirs[@]}" | sed 's:\\(.\\)/*$:\\1:' | awk '!seen[$0]++' | while IFS= read -r d; do
  if [ -f "$d/PG_VERSION" ]; then
    if v=$(head -n 1 -- "$d/PG_VERSION" 2>/dev/null); then
      printf 'datadir\\t%s\\tpresent\\t%s\\t%s\\n' "$d" "$v" "$(head -n 1 -- "$d/postmaster.pid" 2>/dev/null)"
    else
      printf 'datadir\\t%s\\tunreadable\\t\\t\\n' "$d"
    fi
  elif [ -d "$d" ] && [ ! -x "$d" ]; then
    printf 'datadir\\t%s\\tunreadable\\t\\t\\n' "$d"
  elif [ "$d" = "$declared" ]; then
    printf 'datadir\\t%s\\tmissing\\t\\t\\n' "$d"
  fi
done
exit 0
`.trim();
}
