// sync.N sections (one per configured path): "missing", or du -sb's "BYTES<TAB>PATH".
// Each path stands alone: a path that timed out or is missing says so in its own problem, and
// the others still count. du exits 1 when it could not read part of the tree: its total is then
// too small, so no size is given, only the reason.
import { known, type Fact, type SyncDirFacts } from '../../cluster/facts.js';
import type { Section } from '../sections.js';
import { notInstalled, sectionProblem, type ParseContext } from './common.js';
import { firstLine } from '../../format/text.js';

export function syncSectionName(index: number): string {
  return `sync.${index}`;
}

export function parseSync(sections: ReadonlyMap<string, Section>, ctx: ParseContext, paths: readonly string[]): Fact<SyncDirFacts[]> {
  return known(paths.map((path, i) => syncDir(sections.get(syncSectionName(i)), ctx, path)));
}

export function syncDir(section: Section | undefined, ctx: ParseContext, path: string): SyncDirFacts {
  const problem = sectionProblem(section, ctx) ?? (section ? notInstalled(section) : null);
  if (problem) return { path, bytes: null, problem: problem.reason };
  const s = section!;
  const out = s.stdout.trim();
  if (s.exitCode === 0 && out === 'missing') return { path, bytes: null, problem: 'missing' };
  const m = /^(\d+)\t/.exec(out);
  if (s.exitCode !== 0) {
    const said = firstLine(s.stderr);
    return { path, bytes: null, problem: `du could not read all of it (exit ${s.exitCode ?? 'none'}${said ? `: ${said}` : ''})` };
  }
  if (!m || out.includes('\n')) return { path, bytes: null, problem: `output did not parse: ${JSON.stringify(out.slice(0, 120))}` };
  const bytes = Number(m[1]);
  return Number.isSafeInteger(bytes) ? { path, bytes } : { path, bytes: null, problem: `output did not parse: size ${m[1]}` };
}
