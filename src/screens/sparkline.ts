// A lag sparkline in block characters. A round without data is a gap (a space), never a zero:
// an unreachable node must not draw as "no lag". Fixed width, right-aligned, so a steady value
// gives the same string round after round and the wallboard draws no new frame for it.
// `floor` is the smallest full scale: a 14-byte lag must not draw as a full bar (and make the
// line change every round) just because everything else in the window was zero.
const BARS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'] as const;
const GAP = ' ';

export function sparkline(values: readonly (number | null)[], width: number, floor = 0): string {
  const shown = values.slice(-width);
  const known = shown.filter((v): v is number => v !== null && Number.isFinite(v));
  // Scale from zero: a flat 1 MiB lag must not look like a flat zero lag, and 0 is the baseline.
  const max = Math.max(floor, ...known);
  const chars = shown.map((v) => {
    if (v === null || !Number.isFinite(v)) return GAP;
    if (max <= 0) return BARS[0];
    const i = Math.min(BARS.length - 1, Math.max(0, Math.round((v / max) * (BARS.length - 1))));
    return BARS[i];
  });
  return chars.join('').padStart(width, GAP);
}
