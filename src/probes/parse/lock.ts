// lock section: "lock missing" | "lock unreadable" | "lock present BASE64" (hp_file), the content
// being the JSON hapilot's procedures write. Missing: nobody holds the lock.
import { known, unknown, type Fact, type LockHolder } from '../../cluster/facts.js';
import { parseLock } from '../../cluster/lock-file.js';
import type { Section } from '../sections.js';
import { failed, lines, sectionProblem, unparsable, type ParseContext } from './common.js';

export function parseLockSection(section: Section | undefined, ctx: ParseContext): Fact<LockHolder | null> {
  const problem = sectionProblem(section, ctx);
  if (problem) return problem;
  const s = section!;
  if (s.exitCode !== 0) return failed(s, 'reading the lock file');
  const [line, ...more] = lines(s.stdout);
  const [label, state, data] = (line ?? '').split(' ');
  if (label !== 'lock' || more.length) return unparsable(`unexpected lock output ${JSON.stringify(s.stdout.slice(0, 120))}`);
  if (state === 'missing') return known(null);
  if (state === 'unreadable') return unknown('the lock file exists but cannot be read', 'failed');
  if (state !== 'present') return unparsable(`lock file: ${JSON.stringify(line)}`);
  const holder = parseLock(Buffer.from(data ?? '', 'base64').toString('utf8'));
  return holder ? known(holder) : unparsable('the lock file does not hold a hapilot lock');
}
