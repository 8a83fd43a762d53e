// keepalived: whether the daemon runs, and hapilot's release file (components.keepalived).
// Prints "processes N", then "weight-missing" or "weight CONTENT" for the release file (last line:
// the content runs to the end); the label "weight" is only this section's protocol. Parsed by
// parse/keepalived.ts.
import { sh } from '../../transport/quote.js';
import { defineProbe } from '../component.js';
import { builtinFunction, pgrepPattern, sectionFunction } from '../section-commands.js';
import { parseKeepalived } from '../parse/keepalived.js';

const SECTION = 'keepalived';

export const keepalived = defineProbe({
  facts: 'keepalived',
  settings: (def) => def.components.keepalived,
  sections: (k) => {
    const lines = [
      'hp_need pgrep',
      sh`n=$(pgrep -c -x -- ${pgrepPattern(k.process)}); rc=$?; [ "$rc" -le 1 ] || exit "$rc"`,
      `printf 'processes %s\\n' "$n"`,
    ];
    if (k.release_file) {
      lines.push(
        sh`if [ -e ${k.release_file} ]; then w=$(head -c 256 -- ${k.release_file}) || exit 1; printf 'weight %s\\n' "$w"; else echo weight-missing; fi`,
      );
    }
    // The session: the process count from /proc (hp_comm), the release file read with `read -N`.
    const builtin = [sh`hp_comm ${k.process.slice(0, 15)}`, `printf 'processes %s\\n' "$HP_COUNT"`];
    if (k.release_file) {
      builtin.push(
        'local w=',
        sh`if [ -e ${k.release_file} ]; then { IFS= read -r -d '' -N 256 w || [ -n "$w" ] || :; } <${k.release_file} || return 1; printf 'weight %s\\n' "$w"; else echo weight-missing; fi`,
      );
    }
    return [builtinFunction(sectionFunction(SECTION, 'hp_s_keepalived', lines, ['hp_need']), builtin)];
  },
  parse: (own, k, ctx) => parseKeepalived(own.get(SECTION), ctx, k.release_file),
});
