// Human units in cluster and procedure files, and on the command line: durations ("500ms", "5s",
// "2m", "1h", "7d", or a number of seconds) and sizes ("16MB", "1GiB", "512k", or a number of
// bytes). Only decimal numbers: `0x10`, `1e1` or `0o20` as a duration is a slip, not 16 seconds.
import { z } from 'zod';
import { echoValue } from '../format/echo.js';

const DURATION = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/;
const DECIMAL = /^\d+(?:\.\d+)?$/;
const DURATION_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 };

/**
 * The longest time hapilot can wait on a timer: Node's setTimeout takes at most 2^31-1 ms and
 * fires at once (after a warning) when given more, which would turn a long timeout into none.
 */
export const LONGEST_WAIT_SECONDS = Math.floor((2 ** 31 - 1) / 1000);

/** Seconds from "5s", "2m", 30 ... or null when the text is not a duration. */
export function parseDuration(v: number | string): number | null {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? v : null;
  const m = DURATION.exec(v.trim());
  if (!m) return null;
  return Number(m[1]) * DURATION_SECONDS[m[2]!]!;
}

/**
 * Seconds from a command-line argument: "5", "0.5", "5s", "500ms", "2m". Decimal digits only, so
 * "0x10", "1e1", "" and "Infinity" (which Number() would all accept) are null.
 */
export function parseDurationArgument(text: string): number | null {
  const t = text.trim();
  return DECIMAL.test(t) ? Number(t) : DURATION.test(t) ? parseDuration(t) : null;
}

const SIZE = /^(\d+(?:\.\d+)?)\s*([kmgt]?)(i?)b?$/i;
const POWERS: Record<string, number> = { '': 0, k: 1, m: 2, g: 3, t: 4 };

/** Bytes from "16MB" (decimal), "16MiB" (binary), "512k", 1024 ... or null. */
export function parseSize(v: number | string): number | null {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? Math.round(v) : null;
  const m = SIZE.exec(v.trim());
  if (!m) return null;
  const base = m[3] ? 1024 : 1000;
  return Math.round(Number(m[1]) * base ** POWERS[m[2]!.toLowerCase()]!);
}

const DURATION_EXAMPLES = 'a duration such as 500ms, 5s, 2m, 1h or 7d';

// A duration field, more than zero: in every field hapilot has, 0 would read as "no limit"
// (`timeout 0` runs forever, a keepalive of 0 is none), "never wait" or "always alarm".
function positiveDuration(most: number | null, why: string) {
  return z.union([z.number(), z.string()]).transform((v, ctx) => {
    const s = parseDuration(v);
    if (s === null && !(typeof v === 'number' && v < 0)) {
      ctx.addIssue({ code: 'custom', message: `expected ${DURATION_EXAMPLES}, got ${echoValue(v)}` });
      return z.NEVER;
    }
    if (s === null || s <= 0) {
      ctx.addIssue({ code: 'custom', message: `must be more than 0 (0 would mean no limit or no wait); expected ${DURATION_EXAMPLES}` });
      return z.NEVER;
    }
    if (most !== null && s > most) {
      ctx.addIssue({ code: 'custom', message: `at most ${most} s (${why}), got ${echoValue(v)}` });
      return z.NEVER;
    }
    return s;
  });
}

/** A time hapilot waits (a timeout, an interval): accepts "5s"-style text or seconds, yields seconds. */
export const duration = positiveDuration(LONGEST_WAIT_SECONDS, 'about 24 days, the longest a timer can wait');

/** An age or delay compared with what a node reports (a threshold), never waited on: no upper bound. */
export const ageThreshold = positiveDuration(null, '');

/** A size field: accepts "16MB"/"16MiB"-style text or bytes, yields bytes. */
export const size = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const b = parseSize(v);
  if (b === null) {
    ctx.addIssue({ code: 'custom', message: `expected a size such as 16MB, 1GiB or a number of bytes, got ${echoValue(v)}` });
    return z.NEVER;
  }
  return b;
});
