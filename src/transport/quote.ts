// Shell quoting: the one way hapilot puts a value into a remote command. POSIX single quotes
// make every byte literal; a single quote itself is closed, escaped and reopened ('\'').
// Nothing inside single quotes is special to sh, bash, dash or zsh: not $, `, \, ;, *, ! or newline.
//
// Quoting makes a value one word of data. It cannot stop a program from reading a word that
// starts with "-" as an option: commands that take user values put `--` before them.

// Words made only of these characters mean the same quoted or not, in sh, bash, dash and zsh,
// so they stay bare: logged commands are easier to read. Left out on purpose: ~ (tilde
// expansion), # (comment), ! ^ (history, zsh globbing), [ ] { } (globs, brace expansion).
const BARE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;
// Two bare-looking words that are not data: `NAME=value` in command position is an assignment,
// and zsh expands a word starting with `=` to a command's path (=ls -> /bin/ls).
const LOOKS_LIKE_ASSIGNMENT = /^(=|[A-Za-z_][A-Za-z0-9_]*=)/;

export function shellQuote(value: string): string {
  // A NUL byte cannot travel in a command line (C strings end there): the value would arrive
  // cut short, silently. Refuse it instead.
  if (value.includes('\0')) throw new TypeError('shellQuote: a NUL byte cannot be passed in a shell command');
  if (value === '') return "''";
  if (BARE_WORD.test(value) && !LOOKS_LIKE_ASSIGNMENT.test(value)) return value;
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** An argument list as shell text, every element quoted. */
export function argvToShell(argv: readonly string[]): string {
  return argv.map(shellQuote).join(' ');
}

/** What `sh` accepts between `${ }`: a value (one word) or a list of values (one word each). */
export type ShellValue = string | number | readonly string[];

/**
 * Tagged template for shell commands: every interpolated value is quoted; arrays become
 * several quoted words. Use raw text only for the literal parts of the command.
 *   sh`du -sb -- ${path}`  ->  du -sb -- '/var/lib/my dir'
 */
export function sh(strings: TemplateStringsArray, ...values: readonly ShellValue[]): string {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += Array.isArray(v) ? argvToShell(v as readonly string[]) : shellQuote(quotable(v));
    out += strings[i + 1] ?? '';
  });
  return out;
}

// Only strings and finite numbers are values; anything else (undefined from a missing field,
// an object) would turn into the text "undefined" or "[object Object]" on the node.
function quotable(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  throw new TypeError(`sh: cannot put ${v === undefined ? 'undefined' : typeof v} into a shell command`);
}
