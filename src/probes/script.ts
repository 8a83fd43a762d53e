// Builds the ONE script a probe round sends to a node (fed on stdin to `bash -s`).
//
// Sections run in parallel, each in its own bash under `timeout -k 1 T`, writing stdout, stderr and
// exit status into a private mktemp -d directory (removed by a trap, also on HUP/TERM). When all
// have ended, the script prints them in a fixed order between delimiters that carry the round's
// random nonce, which no section output can know:
//
//   @@hapilot:NONCE:begin:NAME@@
//   <stdout, at most 1 MiB>
//   @@hapilot:NONCE:stderr:NAME@@
//   <stderr, at most 4 KiB>
//   @@hapilot:NONCE:end:NAME:EXITCODE@@
//
// A newline is always printed before the stderr and end delimiters, so a delimiter starts a line
// even when the output did not end with one (the splitter removes exactly that newline).
// The last section, "round", holds the node's clock at the start and end of the round (ns), used
// to measure the clock skew without counting the time the sections took.
import type { ClusterDefinition } from '../config/schema.js';
import type { NodeId } from '../cluster/facts.js';
import { shellQuote } from '../transport/quote.js';
import { HELPERS, timeoutArg, type SectionCommand } from './section-commands.js';
import { sectionCommands } from './round-plan.js';

/** Stdout kept per section; more is cut (and will then not parse, which is reported). */
export const SECTION_STDOUT_LIMIT = 1024 * 1024;
export const SECTION_STDERR_LIMIT = 4096;
/** Extra time `timeout -k` gives a section after TERM before KILL (seconds). */
export const SECTION_KILL_AFTER = 1;
export const ROUND_SECTION = 'round';

const NONCE = /^[A-Za-z0-9]{8,64}$/;

/** Names of the sections a round prints for this definition, in order (without "round"). */
export function plannedSections(def: ClusterDefinition): string[] {
  return sectionCommands(def).map((s) => s.name);
}

export function buildProbeScript(def: ClusterDefinition, node: NodeId, nonce: string): string {
  if (!NONCE.test(nonce)) throw new Error(`probe nonce must be 8 to 64 letters or digits, got ${JSON.stringify(nonce)}`);
  const sections = sectionCommands(def);
  const names = sections.map((s) => s.name).join(' ');
  return [
    // The first line is what the command log shows for the round.
    `export LC_ALL=C  # hapilot probe round (read-only) for node ${node}: ${names}`,
    // A BASH_ENV or ENV from the login environment would be sourced by every section's bash.
    'unset BASH_ENV ENV',
    `HP_NONCE=${shellQuote(nonce)}`,
    `HP_TIMEOUT=${timeoutArg(def.probe.section_timeout)}`,
    '',
    HELPERS,
    '',
    ...sections.map((s) => s.definition),
    '',
    SECTION_RUNNER,
    '',
    'hp_main() {',
    // A line at once, before any section runs: the caller can tell a node that answers slowly
    // (a section waiting on its time limit) from one that does not answer at all.
    `  printf '@@hapilot:%s:started@@\\n' "$HP_NONCE"`,
    '  umask 077',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: bash's own ${TMPDIR:-/tmp}, not a JavaScript template
    '  hp_dir=$(mktemp -d "${TMPDIR:-/tmp}/hapilot-probe.XXXXXXXX") || { echo "hapilot: mktemp -d failed" >&2; exit 70; }',
    `  trap 'rm -rf -- "$hp_dir"' EXIT`,
    `  trap 'exit 129' HUP; trap 'exit 130' INT; trap 'exit 143' TERM`,
    '  hp_t0=$(date +%s%N)',
    ...sections.map((s) => `  hp_run ${startArgs(s)}`),
    '  wait',
    '  hp_t1=$(date +%s%N)',
    ...sections.map((s) => `  hp_emit ${s.name}`),
    '  hp_emit_round',
    '}',
    // Everything above only defines functions; the round starts here, on the last line, so a
    // script cut short in transit runs nothing. stdin is the script itself: keep it from commands.
    'hp_main </dev/null',
    '',
  ].join('\n');
}

function startArgs(s: SectionCommand): string {
  return [s.name, s.fn, ...s.helpers].join(' ');
}

// hp_run NAME FN [HELPERS...]: start a section in the background, in its own bash (so `timeout`
// can run it and kill its whole process group), with the definitions it needs.
export const SECTION_RUNNER = String.raw`
hp_run() {
  local name=$1 fn=$2
  {
    timeout -k ${SECTION_KILL_AFTER} "$HP_TIMEOUT" bash -c "$(declare -f "$fn" "${'$'}{@:3}"); $fn" \
      </dev/null >"$hp_dir/$name.out" 2>"$hp_dir/$name.err"
    echo "$?" >"$hp_dir/$name.rc"
  } &
}
hp_emit() {
  local name=$1 rc=none
  [ -s "$hp_dir/$name.rc" ] && rc=$(cat "$hp_dir/$name.rc")
  printf '@@hapilot:%s:begin:%s@@\n' "$HP_NONCE" "$name"
  head -c ${SECTION_STDOUT_LIMIT} "$hp_dir/$name.out" 2>/dev/null
  printf '\n@@hapilot:%s:stderr:%s@@\n' "$HP_NONCE" "$name"
  head -c ${SECTION_STDERR_LIMIT} "$hp_dir/$name.err" 2>/dev/null
  printf '\n@@hapilot:%s:end:%s:%s@@\n' "$HP_NONCE" "$name" "$rc"
}
hp_emit_round() {
  printf '@@hapilot:%s:begin:${ROUND_SECTION}@@\nstart %s\nend %s\n\n' "$HP_NONCE" "$hp_t0" "$hp_t1"
  printf '@@hapilot:%s:stderr:${ROUND_SECTION}@@\n\n@@hapilot:%s:end:${ROUND_SECTION}:0@@\n' "$HP_NONCE" "$HP_NONCE"
}`.trim();
