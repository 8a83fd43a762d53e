// A value read from a file, shown back inside an error message: quoted, with every character a
// terminal would act on escaped, and cut to a bounded length. A mistyped value is worth seeing;
// three megabytes of it, or an escape sequence that rewrites the screen, are not.

/** Characters of a value shown at most; the rest is replaced by a marker saying how much was cut. */
export const ECHO_MAX = 80;

/**
 * Characters that do not show as themselves: DEL and the C1 controls (U+0080-U+009F, which some
 * terminals read as escape sequences), bidirectional marks, overrides and isolates (they reorder
 * how text is shown without changing it: "Trojan Source", CVE-2021-42574), zero-width characters,
 * line and paragraph separators. A character class body, for building regular expressions.
 */
export const INVISIBLE_CHARACTERS = '\\u007f-\\u009f\\u061c\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u2069\\ufeff';

// C0 controls are escaped by JSON.stringify already.
const INVISIBLE = new RegExp(`[${INVISIBLE_CHARACTERS}]`, 'gu');

/** `"value"` with escapes; a longer value is cut: `"valu…" (cut: 3145728 characters)`. */
export function echoValue(value: unknown, max = ECHO_MAX): string {
  const text = typeof value === 'string' ? value : String(value);
  const cut = text.length > max;
  const shown = escapeInvisible(JSON.stringify(cut ? text.slice(0, max) : text));
  return cut ? `${shown.slice(0, -1)}…" (cut: ${text.length} characters)` : shown;
}

/** A name from a file (a key, a field), unquoted when it is plain, else echoed. */
export function echoName(name: string, max = ECHO_MAX): string {
  return /^[\w.@:+/-]*$/.test(name) && name.length <= max ? name : echoValue(name, max);
}

function escapeInvisible(text: string): string {
  return text.replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
