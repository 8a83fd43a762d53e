// lock: hapilot's own lock file, who runs a procedure on this cluster right now. Always probed.
// Prints hp_file's "lock missing" | "lock unreadable" | "lock present BASE64"; parsed by
// parse/lock.ts with the lock file's own format (cluster/lock-file.ts).
import { sh } from '../../transport/quote.js';
import { LOCK_FILE } from '../../cluster/lock-file.js';
import { alwaysProbed } from '../component.js';
import { builtinFunction, sectionFunction } from '../section-commands.js';
import { parseLockSection } from '../parse/lock.js';

const SECTION = 'lock';

export const lock = alwaysProbed({
  facts: 'lock',
  sections: () => [
    builtinFunction(sectionFunction(SECTION, 'hp_s_lock', [sh`hp_file lock ${LOCK_FILE}`], ['hp_file']), [sh`hp_bfile lock ${LOCK_FILE}`]),
  ],
  parse: (own, ctx) => parseLockSection(own.get(SECTION), ctx),
});
