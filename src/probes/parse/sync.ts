// sync.N sections (one per configured path): "missing", or `du -b --max-depth=1`'s lines
// "BYTES<TAB>PATH/SUBDIR", one per first-level subdirectory, and last "BYTES<TAB>PATH", the total.
// Each path stands alone: a path that timed out or is missing says so in its own problem, and
// the others still count. du exits 1 when it could not read part of the tree: its total is then
// too small, so no size is given, only the reason. A subdirectory name holding a newline spans two
// lines: a line that does not start with a size continues the name before it.
import { known, type Fact, type SyncDirFacts, type SyncSubdir } from '../../cluster/facts.js';
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
  const out = s.stdout.replace(/\n$/, '');
  if (s.exitCode === 0 && out === 'missing') return { path, bytes: null, problem: 'missing' };
  if (s.exitCode !== 0) {
    const said = firstLine(s.stderr);
    return { path, bytes: null, problem: `du could not read all of it (exit ${s.exitCode ?? 'none'}${said ? `: ${said}` : ''})` };
  }
  const parsed = parseDuDepth1(out, path);
  return typeof parsed === 'string' ? { path, bytes: null, problem: `output did not parse: ${parsed}` } : { path, ...parsed };
}

/** du -b --max-depth=1 PATH's output: the total and each first-level subdirectory, or what is wrong. */
export function parseDuDepth1(out: string, path: string): { bytes: number; subdirs: SyncSubdir[] } | string {
  const entries: { bytes: number; name: string }[] = [];
  for (const line of out.split('\n')) {
    const m = /^(\d+)\t(.*)$/.exec(line);
    if (m) entries.push({ bytes: Number(m[1]), name: m[2]! });
    else if (entries.length > 0) entries.at(-1)!.name += `\n${line}`;
    else return JSON.stringify(out.slice(0, 120));
  }
  const total = entries.pop();
  if (!total || total.name !== path) return `no total line for ${path}: ${JSON.stringify(out.slice(0, 120))}`;
  if (!Number.isSafeInteger(total.bytes)) return `size ${total.bytes}`;
  const prefix = path.endsWith('/') ? path : `${path}/`;
  const subdirs: SyncSubdir[] = [];
  for (const e of entries) {
    const name = e.name.startsWith(prefix) ? e.name.slice(prefix.length) : null;
    if (name === null || name === '' || name.includes('/')) return `not a subdirectory of ${path}: ${JSON.stringify(e.name.slice(0, 120))}`;
    if (!Number.isSafeInteger(e.bytes)) return `size of ${name}`;
    subdirs.push({ name, bytes: e.bytes });
  }
  subdirs.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  return { bytes: total.bytes, subdirs };
}
