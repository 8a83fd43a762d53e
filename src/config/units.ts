// Human units in cluster files: durations ("500ms", "5s", "2m", "1h", "7d", or a number of
// seconds) and sizes ("16MB", "1GiB", "512k", or a number of bytes).
import { z } from 'zod';

const DURATION = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/;
const DURATION_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 };

/** Seconds from "5s", "2m", 30 ... or null when the text is not a duration. */
export function parseDuration(v: number | string): number | null {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? v : null;
  const m = DURATION.exec(v.trim());
  if (!m) return null;
  return Number(m[1]) * DURATION_SECONDS[m[2]!]!;
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

/** A duration field: accepts "5s"-style text or seconds, yields seconds. */
export const duration = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const s = parseDuration(v);
  if (s === null) {
    ctx.addIssue({ code: 'custom', message: `expected a duration such as 500ms, 5s, 2m, 1h or 7d, got ${JSON.stringify(v)}` });
    return z.NEVER;
  }
  return s;
});

/** A size field: accepts "16MB"/"16MiB"-style text or bytes, yields bytes. */
export const size = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const b = parseSize(v);
  if (b === null) {
    ctx.addIssue({ code: 'custom', message: `expected a size such as 16MB, 1GiB or a number of bytes, got ${JSON.stringify(v)}` });
    return z.NEVER;
  }
  return b;
});
