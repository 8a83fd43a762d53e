// What every parser checks first, and the words it uses to say why a fact is unknown.
// Parsers never throw and never guess: anything they cannot be sure of becomes unknown(reason).
import { unknown, type Unknown } from '../../cluster/facts.js';
import type { Section } from '../sections.js';
import { firstLine, truncate } from '../../format/text.js';

export interface ParseContext {
  /** The section timeout of the round (seconds), for "timed out after 5 s". */
  sectionTimeout: number;
}

/** Why a section cannot be read at all (missing, cut off, timed out), or null when it can. */
export function sectionProblem(section: Section | undefined, ctx: ParseContext): Unknown | null {
  if (!section) return unknown('no output for this section: the probe round did not return it', 'no-output');
  if (section.timedOut) return unknown(`timed out after ${formatSeconds(ctx.sectionTimeout)}`, 'timed-out');
  if (!section.complete) return unknown('output cut off before the end of the section', 'no-output');
  return null;
}

/** exit 127 from hp_need (or the shell): the program is not installed. */
export function notInstalled(section: Section): Unknown | null {
  if (section.exitCode !== 127) return null;
  return unknown(`not installed (${firstLine(section.stderr) || 'command not found'})`, 'not-installed');
}

/** A command that ended with a non-zero status, with the first thing it said about it. */
export function failed(section: Section, what: string): Unknown {
  const said = firstLine(section.stderr) || firstLine(section.stdout);
  const status = section.exitCode === null ? 'no exit status' : `exit ${section.exitCode}`;
  return unknown(`${what} failed (${status})${said ? `: ${said}` : ''}`, 'failed');
}

export function unparsable(what: string): Unknown {
  return unknown(`output did not parse: ${what}`, 'unparsable');
}

/** All non-empty lines joined with " ", shortened: psql's errors span two lines. */
export function joinedLines(text: string, max = 300): string {
  return truncate(
    text
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.length > 0)
      .join(' '),
    max,
  );
}

export function formatSeconds(s: number): string {
  return `${Number.isInteger(s) ? s : Number(s.toFixed(3))} s`;
}

/** A decimal integer, or null (no NaN, no "12abc", no exponent). */
export function intOrNull(s: string | undefined): number | null {
  if (s === undefined || !/^-?\d+$/.test(s.trim())) return null;
  const n = Number(s.trim());
  return Number.isSafeInteger(n) ? n : null;
}

/** A decimal number such as "2621.99", or null. */
export function decimalOrNull(s: string | undefined): number | null {
  if (s === undefined || !/^-?\d+(\.\d+)?$/.test(s.trim())) return null;
  return Number(s.trim());
}

/** Text like "1795322637149026920" (ns since the epoch) as ms, without losing precision to doubles. */
export function nsToMs(ns: string): number | null {
  if (!/^\d{10,}$/.test(ns)) return null;
  return Number(ns.slice(0, -6)) + Number(ns.slice(-6)) / 1e6;
}

/** Lines of a section's stdout, without the CR of CRLF output (Redis) and without empty ones. */
export function lines(stdout: string): string[] {
  return stdout
    .split('\n')
    .map((l) => l.replace(/\r$/, ''))
    .filter((l) => l.length > 0);
}
