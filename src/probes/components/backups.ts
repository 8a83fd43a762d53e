// backups: the newest dump in the backup directory and how many there are (components.backups).
// Prints "missing" | "unreadable" | "now SECONDS", "count N", then "latest MTIME SIZE NAME" (the
// name runs to the end of the output); NUL-separated between find and read, so any file name is
// safe. Parsed by parse/backups.ts.
import { sh } from '../../transport/quote.js';
import { defineProbe } from '../component.js';
import { sectionFunction, slowSection } from '../section-commands.js';
import { parseBackups } from '../parse/backups.js';

const SECTION = 'backups';

export const backups = defineProbe({
  facts: 'backups',
  settings: (def) => def.components.backups,
  // Slow: find and sort each time, for a file written once a day; the session asks at its slow period.
  sections: (b) => [
    slowSection(
      sectionFunction(SECTION, 'hp_s_backups', [
        sh`d=${b.dir}`,
        `if [ ! -d "$d" ]; then echo missing; exit 0; fi`,
        `if [ ! -r "$d" ] || [ ! -x "$d" ]; then echo unreadable; exit 0; fi`,
        `printf 'now %s\\n' "$(date +%s.%N)"`,
        'n=0; latest=',
        `while IFS= read -r -d '' rec; do n=$((n + 1)); [ -n "$latest" ] || latest=$rec; done < <(`,
        sh`  find "$d" -maxdepth 1 -type f -name ${b.pattern} -printf '%T@ %s %f\\0' | sort -z -n -r)`,
        `printf 'count %s\\n' "$n"`,
        `[ -z "$latest" ] || printf 'latest %s\\n' "$latest"`,
      ]),
    ),
  ],
  parse: (own, b, ctx) => parseBackups(own.get(SECTION), ctx, b.dir),
});
