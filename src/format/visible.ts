// Text that came from a node, made safe to print on the operator's terminal: every character a
// terminal would act on is shown as an escape instead (ESC starts cursor moves, colour changes
// and OSC sequences that set the window title or write the clipboard; CR returns to the start of
// the line, so text after it overwrites what was there, the verdict included). A node may be
// compromised, or only hold a file someone named with an escape in it: its words are shown,
// never obeyed. Used by every output that shows what a node said: status, the live screens,
// run progress and gates, the journal, the lock, watch, error messages.

import { INVISIBLE_CHARACTERS } from './echo.js';

// C0 controls but tab and newline, DEL, the C1 controls (U+009B is CSI by itself), and the
// characters that reorder or hide text (bidirectional overrides, zero-width: see echo.ts).
const ACTED_ON = new RegExp(`[\\u0000-\\u0008\\u000b-\\u001f${INVISIBLE_CHARACTERS}]`, 'gu');
const ACTED_ON_IN_A_LINE = new RegExp(`[\\u0000-\\u001f${INVISIBLE_CHARACTERS}]`, 'gu');

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\u001b': '\\e' };

function escaped(c: string): string {
  const code = c.codePointAt(0)!;
  return NAMED[c] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
}

/** One line: every control character escaped, newlines and tabs too (a newline would fake a line). */
export function visibleLine(text: string): string {
  return text.replace(ACTED_ON_IN_A_LINE, escaped);
}

/**
 * Text of several lines (a command's output): newlines kept, tabs kept, CR LF read as a newline
 * and a lone CR (a progress counter redrawing its line) as a new line; everything else escaped.
 */
export function visibleText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(ACTED_ON, escaped);
}

/**
 * JSON text whose strings hold what nodes said: JSON.stringify escapes C0 controls (ESC included)
 * already; DEL, C1 controls and the invisible characters are written as \uXXXX too. The document
 * means the same (a JSON reader gets the same strings) and stays valid JSON.
 */
export function visibleJson(json: string): string {
  return json.replace(new RegExp(`[${INVISIBLE_CHARACTERS}]`, 'gu'), (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
