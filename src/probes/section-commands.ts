// What every probe section's shell function is made of: the helpers the script defines once, the
// function wrapper, and safe arguments for pgrep and timeout. Each component's own commands are in
// components/ (one file each); every value taken from the cluster definition goes through quote.ts
// (sh`...`, argvToShell) there. Read-only by construction: no section writes a file, sends a
// signal or changes a service.
import { shellQuote } from '../transport/quote.js';

export interface SectionCommand {
  /** Section name as it appears in the delimiters: host, postgres, sync.0 ... */
  name: string;
  /** The shell function that runs the section (defined in the script, run in its own bash). */
  fn: string;
  /** Helper functions it calls; their definitions are passed along with it. */
  helpers: string[];
  /** The function definition(s) specific to this section. */
  definition: string;
  /**
   * The same section for the persistent session (session-program.ts), made of bash builtins only:
   * a function named `${fn}_b` that starts no process, never reads stdin, ends with `return` (it runs
   * inside the session's own shell) and only reads local files and /proc, so it cannot hang. A
   * section without one runs its `fn` in a background subshell under the session's time limit.
   */
  builtin?: string;
  /**
   * Slow or expensive (du walks a tree, package
   * versions): the session asks for it at its own longer period and shows the data's age.
   */
  slow?: boolean;
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
# hp_du PATH: "missing", or du's own lines "BYTES<TAB>PATH/SUBDIR" for each first-level
# subdirectory, then "BYTES<TAB>PATH" (apparent sizes, comparable across file systems).
hp_du() {
  if [ ! -e "$1" ] && [ ! -L "$1" ]; then echo missing; return 0; fi
  du -b --max-depth=1 -- "$1"
}
`.trim();

/** pgrep -x matches the kernel's process name, which is cut to 15 characters, and reads a regex. */
export function pgrepPattern(processName: string): string {
  return processName.slice(0, 15).replace(/[.[\]{}()*+?^$|\\]/g, '\\$&');
}

/**
 * A section NAME run by the shell function FN_NAME made of COMMANDS, calling HELPERS (from HELPERS
 * above). Commands are indented by their first line only: a command may hold a quoted value that
 * spans lines (a path with a newline, the SQL), and indenting inside the quotes would change it.
 */
export function sectionFunction(name: string, fnName: string, commands: string[], helpers: string[] = []): SectionCommand {
  return { name, fn: fnName, helpers, definition: functionText(fnName, commands) };
}

/** A section's builtin-only form (SectionCommand.builtin), the function `${fn}_b`. */
export function builtinFunction(section: SectionCommand, commands: string[]): SectionCommand {
  return { ...section, builtin: functionText(`${section.fn}_b`, commands) };
}

/** A section the session runs at its slow period (SectionCommand.slow). */
export function slowSection(section: SectionCommand): SectionCommand {
  return { ...section, slow: true };
}

function functionText(fnName: string, commands: string[]): string {
  const body = commands.map((c) => `  ${c}`).join('\n');
  return `${fnName}() {\n${body}\n}`;
}

/** Quote a section timeout (seconds, possibly fractional) for `timeout`. */
export function timeoutArg(seconds: number): string {
  // timeout takes a decimal number; avoid exponent notation for tiny or huge values.
  const s = Number.isInteger(seconds) ? String(seconds) : seconds.toFixed(3).replace(/0+$/, '');
  return shellQuote(s);
}
