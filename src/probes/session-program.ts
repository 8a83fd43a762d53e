// The bash program of a persistent probe session (session.ts): sent once per connection, it stays
// running on the node and answers one request line per round over the same channel, so a round
// starts almost no process and opens no PostgreSQL session. Nothing is installed: the program is
// read from stdin by `bash -c 'read -N LENGTH; eval'`, and it ends by itself when its stdin ends
// (the channel or the connection closed) or after HP_IDLE seconds without a request, removing its
// private directory and ending its psql. Read-only like the round script (script.ts): the same
// section functions, or their builtin forms (section-commands.ts, SectionCommand.builtin).
//
// Requests, one line each:   round NONCE SECTION...
// Answer: "@@hapilot:NONCE:started@@", then each section as soon as it has ended, framed exactly as
// script.ts frames it (begin / stderr / end:EXIT with the nonce), "@@hapilot:NONCE:alive@@" every
// second while sections still run, the "round" section (the node's clock at start and end), and
// "@@hapilot:NONCE:done@@". A section still running at the section timeout has its process group
// sent TERM then KILL, and ends with 124 (timed out), as `timeout` would say.
//
// How each section runs:
//  - its builtin form (`${fn}_b`) in the program's own shell: /proc and local files read with
//    `read`, process counts from /proc/PID/comm, Redis over /dev/tcp, PostgreSQL through the one
//    psql coprocess. A builtin form that returns 200 defers to the section's own function;
//  - otherwise its own function in a background subshell (its own process group: `set -m`), which
//    writes into the private directory and names itself on a FIFO when it ends, so the answer
//    streams in the order sections end and a hung one never holds up the others.
//
// The psql coprocess runs as the cluster's OS user with default_transaction_read_only=on. When
// PostgreSQL restarts, psql finds its connection gone and exits; the query is sent once more to a
// new psql (so a switchover costs one reconnect, not a failed round). A query that does not answer
// within the section timeout ends that psql; the next round starts another.
import type { ClusterDefinition } from '../config/schema.js';
import type { NodeId } from '../cluster/facts.js';
import type { RemoteCommand } from '../transport/types.js';
import { shellQuote } from '../transport/quote.js';
import { sectionCommands } from './round-plan.js';
import { HELPERS, timeoutArg } from './section-commands.js';
import { ROUND_SECTION, SECTION_STDERR_LIMIT, SECTION_STDOUT_LIMIT } from './script.js';

/** Bumped when requests or answers change shape; the program says it first ("ready:N"). */
export const SESSION_PROTOCOL = 1;

/** A builtin form returns this to have the section run as its own function instead. */
export const DEFER_TO_FUNCTION = 200;

export interface SessionProgramOptions {
  /** The program exits after this long without a request (seconds). */
  idleSeconds: number;
}

export function buildSessionProgram(def: ClusterDefinition, node: NodeId, opts: SessionProgramOptions): string {
  const sections = sectionCommands(def);
  const names = sections.map((s) => s.name).join(' ');
  const timeoutUs = Math.round(def.probe.section_timeout * 1_000_000);
  return [
    `# hapilot probe session (read-only) for node ${node}: ${names}`,
    'unset BASH_ENV ENV',
    // EPOCHREALTIME (the clock, deadlines) is bash 5's; coproc, read -N and {fd} are older.
    `if [ "\${BASH_VERSINFO[0]:-0}" -lt 5 ]; then printf '@@hapilot:unsupported:bash %s, the session needs 5 or later@@\\n' "$BASH_VERSION"; exit 0; fi`,
    // Every background section in its own process group, so its time limit stops all of it.
    'set -m',
    `HP_TIMEOUT=${timeoutArg(def.probe.section_timeout)}`,
    `HP_TIMEOUT_US=${timeoutUs}`,
    `HP_IDLE=${shellQuote(String(Math.max(1, Math.round(opts.idleSeconds))))}`,
    'HP_NONCE=',
    '',
    HELPERS,
    '',
    SESSION_HELPERS,
    '',
    ...sections.flatMap((s) => [s.definition, ...(s.builtin ? [s.builtin] : [])]),
    '',
    `declare -A HP_FN=(${sections.map((s) => `[${s.name}]=${s.fn}`).join(' ')})`,
    `declare -A HP_BUILTIN=(${sections.flatMap((s) => (s.builtin ? [`[${s.name}]=${s.fn}_b`] : [])).join(' ')})`,
    '',
    ROUND,
    '',
    'hp_session "$@"',
    '',
  ].join('\n');
}

/**
 * The command that starts the program: a fixed line for the login shell, the program itself read
 * from stdin (its exact length in bytes, so what follows on stdin is the first request).
 */
export function sessionCommand(def: ClusterDefinition, node: NodeId, opts: SessionProgramOptions): RemoteCommand {
  const program = buildSessionProgram(def, node, opts);
  const bytes = Buffer.byteLength(program, 'utf8');
  return {
    kind: 'probe',
    label: 'probe session',
    text: `exec bash --noprofile --norc -c 'export LC_ALL=C; IFS= read -r -N ${bytes} hp_p && eval "$hp_p"'`,
    stdin: program,
  };
}

// Helpers only the session uses: builtin forms of hp_file, pgrep -c -x, redis-cli info and psql.
const SESSION_HELPERS = String.raw`
# hp_b64 STRING: HP_B64 = base64 of STRING (C locale: one character is one byte), without a process
# (a variable, not stdout: $(...) would start one).
hp_b64() {
  local s=$1 n=${'$'}{#1} i a b c t=ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/ out=
  for ((i = 0; i < n; i += 3)); do
    printf -v a '%d' "'${'$'}{s:i:1}"; ((a < 0)) && a=$((a + 256))
    b=0; c=0
    ((i + 1 < n)) && { printf -v b '%d' "'${'$'}{s:i+1:1}"; ((b < 0)) && b=$((b + 256)); }
    ((i + 2 < n)) && { printf -v c '%d' "'${'$'}{s:i+2:1}"; ((c < 0)) && c=$((c + 256)); }
    out+=${'$'}{t:a >> 2:1}${'$'}{t:((a & 3) << 4) | (b >> 4):1}
    if ((i + 1 < n)); then out+=${'$'}{t:((b & 15) << 2) | (c >> 6):1}; else out+='='; fi
    if ((i + 2 < n)); then out+=${'$'}{t:c & 63:1}; else out+='='; fi
  done
  HP_B64=$out
}
# hp_bfile LABEL PATH: hp_file's lines read with builtins. read -n 4096 -d '' stops at a NUL byte,
# which a shell variable cannot hold: such a file is read by hp_file itself.
hp_bfile() {
  local c= rc
  if [ ! -e "$2" ]; then printf '%s missing\n' "$1"; return 0; fi
  { IFS= read -r -d '' -n 4096 c; rc=$?; } 2>/dev/null <"$2" || { printf '%s unreadable\n' "$1"; return 0; }
  if [ "$rc" = 0 ] && [ "${'$'}{#c}" -lt 4096 ]; then hp_file "$@"; return; fi
  hp_b64 "$c"
  printf '%s present %s\n' "$1" "$HP_B64"
}
# hp_comm NAME: HP_COUNT = how many processes have the kernel name NAME (as pgrep -c -x), from
# /proc/PID/comm, read once per round.
declare -A HP_COMMS=()
HP_SCANNED=0
hp_comm() {
  local d c
  if [ "$HP_SCANNED" != 1 ]; then
    HP_COMMS=()
    for d in /proc/[0-9]*/comm; do
      { IFS= read -r c <"$d" && HP_COMMS[x$c]=$((${'$'}{HP_COMMS[x$c]:-0} + 1)); } 2>/dev/null
    done
    HP_SCANNED=1
  fi
  HP_COUNT=${'$'}{HP_COMMS[x$1]:-0}
}
# hp_redis_info PORT [PASSWORD]: redis-cli -p PORT info replication, in RESP over /dev/tcp.
hp_redis_info() {
  local fd h body
  if ! { exec {fd}<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null; then
    printf 'Could not connect to Redis at 127.0.0.1:%s: Connection refused\n' "$1" >&2; return 1
  fi
  if [ $# -gt 1 ]; then
    printf '*2\r\n$4\r\nAUTH\r\n$%s\r\n%s\r\n' "${'$'}{#2}" "$2" >&"$fd"
    IFS= read -r -t "$HP_TIMEOUT" -u "$fd" h || { exec {fd}>&-; echo 'Redis did not answer AUTH' >&2; return 1; }
    case $h in +*) ;; *) printf '%s\n' "${'$'}{h%$'\r'}" >&2; exec {fd}>&-; return 1 ;; esac
  fi
  printf '*2\r\n$4\r\nINFO\r\n$11\r\nreplication\r\n' >&"$fd"
  IFS= read -r -t "$HP_TIMEOUT" -u "$fd" h || { exec {fd}>&-; echo 'Redis did not answer INFO' >&2; return 1; }
  h=${'$'}{h%$'\r'}
  case $h in
    '$'[0-9]*) IFS= read -r -t "$HP_TIMEOUT" -N "${'$'}{h#'$'}" -u "$fd" body ;;
    *) printf '%s\n' "${'$'}{h#[-+]}" >&2; exec {fd}>&-; return 1 ;;
  esac
  exec {fd}>&-
  printf '%s\n' "$body"
}
# hp_pg_start USER PORT DATABASE: the psql coprocess, read-only, as USER, stderr with stdout,
# connected to DATABASE (HP_PG_DB).
hp_pg_start() {
  local -a run=(env 'PGOPTIONS=-c default_transaction_read_only=on' PGCONNECT_TIMEOUT=3 psql -XAtq -p "$2" -d "$3")
  if [ "$HP_ME" = "$1" ]; then :
  elif [ "$EUID" = 0 ]; then run=(runuser -u "$1" -- "${'$'}{run[@]}")
  else run=(sudo -n -u "$1" -- "${'$'}{run[@]}"); fi
  coproc HP_PG { exec "${'$'}{run[@]}" 2>&1; }
  HP_PG_OWN=$HP_PG_PID
  HP_PG_DB=$3
  disown "$HP_PG_OWN"
}
hp_pg_stop() {
  [ -n "${'$'}{HP_PG_OWN:-}" ] || return 0
  kill -TERM -- "-$HP_PG_OWN" 2>/dev/null || kill -TERM "$HP_PG_OWN" 2>/dev/null
  HP_PG_OWN=
}
# hp_pg_query [-a] USER PORT DATABASE SQL: SQL's rows on stdout, psql's messages on stderr; exit 2
# when psql could not connect, 1 when the query failed, 124 when it did not answer in time.
# -a: SQL reads only what every database sees (pg_stat_replication, settings), so it runs in
# whichever database the open psql is connected to, and DATABASE is only where a new psql goes.
# Without -a, a psql connected elsewhere is replaced by one connected to DATABASE. With the
# PostgreSQL section asking with -a and repmgr's without, the one psql settles in repmgr's database
# after the first round and no round opens a session. A database psql could not connect to is not
# tried again for HP_PG_RETRY seconds (its message is repeated), so a missing one costs no session
# per round.
# The rows come back as one value, their length in bytes first ("N" on its own line, then N bytes):
# bash reads a pipe one byte per read(2) and a line at a time slower still, about 2.5 us a byte
# measured on the lab (10 ms for 4 KB), where read -N of a known length is a few times faster.
HP_PG_PRE="SELECT octet_length(hp_x) || chr(10) || hp_x FROM (SELECT coalesce(string_agg(hp_r, chr(10)), '') AS hp_x FROM ("
HP_PG_POST=$'\n) hp_q(hp_r)) hp_s'
declare -A HP_PG_FAILED=()
HP_PG_RETRY=30
hp_pg_query() {
  command -v psql >/dev/null 2>&1 || { echo 'psql: command not found' >&2; return 127; }
  local any=0
  if [ "$1" = -a ]; then any=1; shift; fi
  local tries=0 line out err tag="@@hapilot-pg:$HP_NONCE@@" rc failed=${'$'}{HP_PG_FAILED[x$3]:-}
  if [ -n "$failed" ] && [ "$any" = 0 ] && [ $((EPOCHSECONDS - ${'$'}{failed%% *})) -lt "$HP_PG_RETRY" ]; then
    printf '%s' "${'$'}{failed#* }" >&2; return 2
  fi
  while :; do
    local fresh=0
    if [ -z "${'$'}{HP_PG_OWN:-}" ] || ! kill -0 "$HP_PG_OWN" 2>/dev/null || [ -z "${'$'}{HP_PG[1]:-}" ] \
      || { [ "$any" = 0 ] && [ "$HP_PG_DB" != "$3" ]; }; then
      hp_pg_stop; hp_pg_start "$1" "$2" "$3"; fresh=1
    fi
    out= err= got=0
    { printf '%s%s%s\n;\n\\echo %s\n' "$HP_PG_PRE" "$4" "$HP_PG_POST" "$tag" >&"${'$'}{HP_PG[1]}"; } 2>/dev/null
    rc=
    while :; do
      if [ -z "${'$'}{HP_PG[0]:-}" ]; then rc=eof; break; fi
      IFS= read -r -t "$HP_TIMEOUT" -u "${'$'}{HP_PG[0]}" line 2>/dev/null
      case $? in
        0) ;;
        1) rc=eof; break ;;
        *) rc=timeout; break ;;
      esac
      if [ "$line" = "$tag" ]; then rc=done; break; fi
      if [ "$got" = 0 ] && [[ $line =~ ^[0-9]+$ ]]; then
        got=1
        if [ "$line" -gt 0 ]; then
          IFS= read -r -d '' -N "$line" -t "$HP_TIMEOUT" -u "${'$'}{HP_PG[0]}" out 2>/dev/null
          case $? in
            0) out+=$'\n' ;;
            1) rc=eof; break ;;
            *) rc=timeout; break ;;
          esac
        fi
        continue
      fi
      # The newline that ends the one row.
      [ "$got" = 1 ] && [ -z "$line" ] && continue
      err+=$line$'\n'
    done
    case $rc in
      done)
        unset "HP_PG_FAILED[x$3]"
        printf '%s' "$out"; printf '%s' "$err" >&2
        [ -z "$err" ] || return 1
        return 0 ;;
      timeout)
        hp_pg_stop; printf '%s' "$err" >&2; return 124 ;;
      eof)
        # psql ended: the server restarted (psql exits when its connection is lost), or it could
        # not connect. An old psql gets one retry with a new one.
        # (disowned, its status is not kept: psql says 2 when a connection fails or is lost)
        HP_PG_OWN=
        if [ "$fresh" = 0 ] && [ "$tries" = 0 ]; then tries=1; continue; fi
        printf '%s' "$err" >&2
        [ "$any" = 1 ] || HP_PG_FAILED[x$3]="$EPOCHSECONDS $err"
        return 2 ;;
    esac
  done
}`.trim();

// The round and the request loop.
const ROUND = String.raw`
# hp_start NAME: the section's own function in a background subshell, which names itself and its
# exit status on the FIFO when it ends (also through exit).
hp_start() {
  local name=$1 fn=${'$'}{HP_FN[$1]}
  {
    trap - PIPE
    trap 'printf "%s %s\n" "$name" "$?" >&"$HP_N"' EXIT
    "$fn" </dev/null >"$hp_dir/$name.out" 2>"$hp_dir/$name.err"
  } &
  HP_JOBS[$name]=$!
  # Out of the job table: no "Done" notices on the session's stderr; its status comes on the FIFO.
  disown "$!"
}
hp_emit() {
  local out= err=
  { IFS= read -r -d '' -N ${SECTION_STDOUT_LIMIT} out; } <"$hp_dir/$1.out" 2>/dev/null
  { IFS= read -r -d '' -N ${SECTION_STDERR_LIMIT} err; } <"$hp_dir/$1.err" 2>/dev/null
  printf '@@hapilot:%s:begin:%s@@\n%s\n@@hapilot:%s:stderr:%s@@\n%s\n@@hapilot:%s:end:%s:%s@@\n' \
    "$HP_NONCE" "$1" "$out" "$HP_NONCE" "$1" "$err" "$HP_NONCE" "$1" "$2"
}
declare -A HP_JOBS=()
hp_round() {
  HP_NONCE=$1; shift
  local name rc t0 left n r hp_t
  HP_JOBS=(); HP_SCANNED=0
  printf '@@hapilot:%s:started@@\n' "$HP_NONCE"
  t0=${'$'}{EPOCHREALTIME/./}
  # The background sections first: they run while the builtin ones answer.
  for name; do
    [ -n "${'$'}{HP_FN[$name]+x}" ] && [ -z "${'$'}{HP_BUILTIN[$name]+x}" ] && hp_start "$name"
  done
  for name; do
    [ -n "${'$'}{HP_BUILTIN[$name]+x}" ] || continue
    "${'$'}{HP_BUILTIN[$name]}" </dev/null >"$hp_dir/$name.out" 2>"$hp_dir/$name.err"
    rc=$?
    if [ "$rc" = ${DEFER_TO_FUNCTION} ]; then hp_start "$name"; else hp_emit "$name" "$rc"; fi
  done
  while [ ${'$'}{#HP_JOBS[@]} -gt 0 ]; do
    left=$((t0 + HP_TIMEOUT_US - ${'$'}{EPOCHREALTIME/./}))
    [ "$left" -gt 0 ] || break
    [ "$left" -le 1000000 ] || left=1000000
    printf -v hp_t '%d.%06d' $((left / 1000000)) $((left % 1000000))
    if IFS=' ' read -r -t "$hp_t" -u "$HP_N" n r; then
      [ -n "${'$'}{HP_JOBS[$n]+x}" ] || continue
      unset "HP_JOBS[$n]"
      hp_emit "$n" "$r"
    else
      printf '@@hapilot:%s:alive@@\n' "$HP_NONCE"
    fi
  done
  if [ ${'$'}{#HP_JOBS[@]} -gt 0 ]; then
    for n in "${'$'}{!HP_JOBS[@]}"; do kill -TERM -- "-${'$'}{HP_JOBS[$n]}" 2>/dev/null; done
    read -r -t 0.2 -u "$HP_N" _ 2>/dev/null
    for n in "${'$'}{!HP_JOBS[@]}"; do
      kill -KILL -- "-${'$'}{HP_JOBS[$n]}" 2>/dev/null
      hp_emit "$n" 124
    done
    HP_JOBS=()
  fi
  printf '@@hapilot:%s:begin:${ROUND_SECTION}@@\nstart %s000\nend %s000\n\n' "$HP_NONCE" "$t0" "${'$'}{EPOCHREALTIME/./}"
  printf '@@hapilot:%s:stderr:${ROUND_SECTION}@@\n\n@@hapilot:%s:end:${ROUND_SECTION}:0@@\n' "$HP_NONCE" "$HP_NONCE"
  printf '@@hapilot:%s:done@@\n' "$HP_NONCE"
}
hp_session() {
  cd / || exit 1
  umask 077
  hp_dir=$(mktemp -d "${'$'}{TMPDIR:-/tmp}/hapilot-session.XXXXXXXX") || { echo 'hapilot: mktemp -d failed' >&2; exit 70; }
  trap 'hp_pg_stop; rm -rf -- "$hp_dir"' EXIT
  trap 'exit 129' HUP; trap 'exit 130' INT; trap 'exit 143' TERM
  # A write to a psql that has just ended must fail, not kill the session.
  trap '' PIPE
  mkfifo "$hp_dir/ended" || exit 70  # 0600 by the umask above
  exec {HP_N}<>"$hp_dir/ended"
  HP_ME=$(id -un)
  printf '@@hapilot:ready:${SESSION_PROTOCOL}@@\n'
  local line
  local -a req
  while IFS= read -r -t "$HP_IDLE" line; do
    read -r -a req <<<"$line"
    case ${'$'}{req[0]:-} in
      round) [[ ${'$'}{req[1]:-} =~ ^[A-Za-z0-9]{8,64}$ ]] && hp_round "${'$'}{req[@]:1}" ;;
      *) printf '@@hapilot:bad-request@@\n' ;;
    esac
  done
  exit 0
}`.trim();
