// A five-line block font for the wallboard's verdict, readable across a room. Only the letters
// the verdicts use; anything else makes bigText return null and the caller falls back to plain text.
const FONT: Record<string, string[]> = {
  A: [' ███ ', '█   █', '█████', '█   █', '█   █'],
  B: ['████ ', '█   █', '████ ', '█   █', '████ '],
  C: [' ████', '█    ', '█    ', '█    ', ' ████'],
  D: ['████ ', '█   █', '█   █', '█   █', '████ '],
  E: ['█████', '█    ', '████ ', '█    ', '█████'],
  G: [' ████', '█    ', '█  ██', '█   █', ' ████'],
  H: ['█   █', '█   █', '█████', '█   █', '█   █'],
  I: ['███', ' █ ', ' █ ', ' █ ', '███'],
  K: ['█   █', '█  █ ', '███  ', '█  █ ', '█   █'],
  L: ['█    ', '█    ', '█    ', '█    ', '█████'],
  N: ['█   █', '██  █', '█ █ █', '█  ██', '█   █'],
  O: [' ███ ', '█   █', '█   █', '█   █', ' ███ '],
  P: ['████ ', '█   █', '████ ', '█    ', '█    '],
  R: ['████ ', '█   █', '████ ', '█  █ ', '█   █'],
  S: [' ████', '█    ', ' ███ ', '    █', '████ '],
  T: ['█████', '  █  ', '  █  ', '  █  ', '  █  '],
  U: ['█   █', '█   █', '█   █', '█   █', ' ███ '],
  Y: ['█   █', ' █ █ ', '  █  ', '  █  ', '  █  '],
  ' ': ['  ', '  ', '  ', '  ', '  '],
};

export const BIG_HEIGHT = 5;

/** The text in block letters, one string per line, or null if a letter is missing or it is wider than `width`. */
export function bigText(text: string, width: number): string[] | null {
  const glyphs = [...text.toUpperCase()].map((c) => FONT[c]);
  if (glyphs.some((g) => g === undefined)) return null;
  const lines = Array.from({ length: BIG_HEIGHT }, (_, row) => glyphs.map((g) => g![row]).join(' '));
  return lines[0]!.length <= width ? lines : null;
}
