// backups section: "missing" | "unreadable" | "now SECONDS" + "count N" + optional
// "latest MTIME SIZE NAME" (find -printf '%T@ %s %f'; the name runs to the end of the output).
// The age is taken on the node's own clock (its "now"), so clock skew does not age a backup.
import { known, unknown, type BackupFacts, type Fact } from '../../cluster/facts.js';
import type { Section } from '../sections.js';
import { decimalOrNull, failed, intOrNull, sectionProblem, unparsable, type ParseContext } from './common.js';

export function parseBackups(section: Section | undefined, ctx: ParseContext, dir: string): Fact<BackupFacts> {
  const problem = sectionProblem(section, ctx);
  if (problem) return problem;
  const s = section!;
  if (s.exitCode !== 0) return failed(s, 'listing backups');
  const out = s.stdout.replace(/\n$/, '');
  if (out === 'missing') return unknown(`the backup directory ${dir} does not exist`, 'failed');
  if (out === 'unreadable') return unknown(`the backup directory ${dir} cannot be read`, 'failed');
  const m = /^now (\S+)\ncount (\S+)(?:\nlatest (\S+) (\S+) ([\s\S]+))?$/.exec(out);
  if (!m) return unparsable(JSON.stringify(out.slice(0, 160)));
  const now = decimalOrNull(m[1]);
  const count = intOrNull(m[2]);
  if (now === null || count === null) return unparsable(`now ${m[1]}, count ${m[2]}`);
  if (m[3] === undefined) return count === 0 ? known({ dir, latest: null, count }) : unparsable(`count ${count} but no latest file`);
  const mtime = decimalOrNull(m[3]);
  const bytes = intOrNull(m[4]);
  if (mtime === null || bytes === null) return unparsable(`latest ${m[3]} ${m[4]}`);
  return known({
    dir,
    count,
    latest: {
      name: m[5]!,
      bytes,
      modifiedAt: new Date(Math.round(mtime * 1000)).toISOString(),
      ageSeconds: Math.round((now - mtime) * 1000) / 1000,
    },
  });
}
