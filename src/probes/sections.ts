// Splits the output of a probe round into its sections (see script.ts for the format).
// Only delimiters carrying this round's nonce count: a line that looks like a delimiter with
// another nonce is plain section output. Tolerant of truncated or damaged output: a section
// whose end delimiter never came is returned with complete = false, never thrown on.

export interface Section {
  name: string;
  stdout: string;
  stderr: string;
  /** The section's exit status; null when the end delimiter is missing or carries no number. */
  exitCode: number | null;
  /** Killed by `timeout` (exit 124 after TERM, 137 after KILL). */
  timedOut: boolean;
  /** False when the output stopped before this section's end delimiter. */
  complete: boolean;
}

/** Exit statuses of `timeout`: 124 when the command was sent TERM, 128+9 when it needed KILL. */
export const TIMEOUT_EXIT_CODES: readonly number[] = [124, 137];

type Marker = { kind: 'begin' | 'stderr' | 'end'; name: string; code: string | null; start: number; end: number };

export function splitSections(output: string, nonce: string): Map<string, Section> {
  const sections = new Map<string, Section>();
  if (!/^[A-Za-z0-9]+$/.test(nonce)) return sections;
  // A delimiter is a whole line. The nonce is letters and digits, so it needs no escaping.
  const re = new RegExp(`^@@hapilot:${nonce}:(begin|stderr|end):([A-Za-z0-9_.]+)(?::(-?\\w+))?@@$`, 'gm');
  const markers: Marker[] = [];
  for (const m of output.matchAll(re)) {
    const kind = m[1] as Marker['kind'];
    // "end" carries the exit status; begin and stderr must not carry anything.
    if ((kind === 'end') !== (m[3] !== undefined)) continue;
    markers.push({ kind, name: m[2]!, code: m[3] ?? null, start: m.index, end: m.index + m[0].length });
  }

  let i = 0;
  while (i < markers.length) {
    const begin = markers[i]!;
    if (begin.kind !== 'begin') {
      i++; // a stray stderr/end without its begin: nothing to attach it to
      continue;
    }
    const bodyStart = begin.end + 1; // after the newline that ends the begin line
    const next = markers[i + 1];
    const afterNext = markers[i + 2];
    if (next?.kind === 'stderr' && next.name === begin.name) {
      const stdout = chop(output.slice(bodyStart, next.start));
      if (afterNext?.kind === 'end' && afterNext.name === begin.name) {
        const stderr = chop(output.slice(next.end + 1, afterNext.start));
        const exitCode = /^\d+$/.test(afterNext.code ?? '') ? Number(afterNext.code) : null;
        put(sections, {
          name: begin.name,
          stdout,
          stderr,
          exitCode,
          timedOut: exitCode !== null && TIMEOUT_EXIT_CODES.includes(exitCode),
          complete: true,
        });
        i += 3;
      } else {
        const stderrEnd = afterNext ? afterNext.start : output.length;
        put(sections, {
          name: begin.name,
          stdout,
          stderr: output.slice(Math.min(next.end + 1, stderrEnd), stderrEnd),
          exitCode: null,
          timedOut: false,
          complete: false,
        });
        i += 2;
      }
    } else {
      const stdoutEnd = next ? next.start : output.length;
      put(sections, {
        name: begin.name,
        stdout: output.slice(Math.min(bodyStart, stdoutEnd), stdoutEnd),
        stderr: '',
        exitCode: null,
        timedOut: false,
        complete: false,
      });
      i += 1;
    }
  }
  return sections;
}

// The script prints one newline before the stderr and end delimiters; remove exactly that one.
function chop(s: string): string {
  return s.endsWith('\n') ? s.slice(0, -1) : s;
}

// A name seen twice keeps its first, complete occurrence (a round prints each name once).
function put(map: Map<string, Section>, s: Section): void {
  const had = map.get(s.name);
  if (!had || (!had.complete && s.complete)) map.set(s.name, s);
}
