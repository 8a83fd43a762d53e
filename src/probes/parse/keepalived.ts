// keepalived section: "processes N" (pgrep -c -x), then, when a release file is configured,
// "weight-missing" or "weight CONTENT" (its number: non-zero means hapilot released the VIP here).
import { known, unknown, type Fact, type KeepalivedFacts } from '../../cluster/facts.js';
import type { Section } from '../sections.js';
import { failed, intOrNull, lines, notInstalled, sectionProblem, unparsable, type ParseContext } from './common.js';
import { truncate } from '../../format/text.js';

export function parseKeepalived(section: Section | undefined, ctx: ParseContext, releaseFile: string | undefined): Fact<KeepalivedFacts> {
  const problem = sectionProblem(section, ctx);
  if (problem) return problem;
  const s = section!;
  const missing = notInstalled(s);
  if (missing) return missing;
  if (s.exitCode !== 0) return failed(s, 'checking keepalived');
  const all = lines(s.stdout);
  const procLine = all.find((l) => l.startsWith('processes '));
  const processes = intOrNull(procLine?.slice('processes '.length));
  if (processes === null) return unparsable(`process count ${JSON.stringify(procLine ?? null)}`);
  let weight: number | null = null;
  if (releaseFile !== undefined) {
    const i = all.findIndex((l) => l === 'weight-missing' || l.startsWith('weight '));
    if (i < 0) return unparsable('nothing reported for the release file');
    if (all[i] !== 'weight-missing') {
      // The content runs to the end of the output (it might hold a newline).
      const content = [all[i]!.slice('weight '.length), ...all.slice(i + 1)].join('\n').trim();
      weight = intOrNull(content);
      if (weight === null)
        return unknown(`the release file ${releaseFile} holds ${JSON.stringify(truncate(content, 60))}, not a whole number`, 'unparsable');
    }
  }
  return known({ running: processes > 0, release: weight });
}
