// asterisk section: `asterisk -rx 'core show channels'`, whose last lines are
//   "N active channel(s)", "N active call(s)", "N call(s) processed".
import { known, unknown, type AsteriskFacts, type Fact } from '../../cluster/facts.js';
import type { Section } from '../sections.js';
import { notInstalled, sectionProblem, unparsable, type ParseContext } from './common.js';
import { firstLine, truncate } from '../../format/text.js';

export function parseAsterisk(section: Section | undefined, ctx: ParseContext): Fact<AsteriskFacts> {
  const problem = sectionProblem(section, ctx);
  if (problem) return problem;
  const s = section!;
  const missing = notInstalled(s);
  if (missing) return missing;
  const said = firstLine(s.stdout) || firstLine(s.stderr);
  if (/Unable to connect to remote asterisk/i.test(`${s.stdout}\n${s.stderr}`))
    return unknown(`Asterisk is not running (${said})`, 'not-running');
  if (s.exitCode !== 0) return unknown(`asterisk -rx failed (exit ${s.exitCode ?? 'none'})${said ? `: ${said}` : ''}`, 'failed');
  const text = s.stdout.replace(/\r/g, '');
  const channels = /^\s*(\d+) active channels?\s*$/m.exec(text);
  const calls = /^\s*(\d+) active calls?\s*$/m.exec(text);
  if (!channels || !calls)
    return unparsable(`no "active channels" / "active calls" lines in ${JSON.stringify(truncate(s.stdout.trim(), 120))}`);
  return known({ activeChannels: Number(channels[1]), activeCalls: Number(calls[1]) });
}
