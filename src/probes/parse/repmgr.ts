// repmgr section: `repmgr cluster show --compact`, a table with a header line:
//    ID | Name  | Role    | Status    | Upstream | Location | Prio. | TLI
//   ----+-------+---------+-----------+----------+----------+-------+-----
//    1  | lab-a | primary | * running |          | default  | 100   | 1
// (repmgr 5.x; the full form says Priority and Timeline, both are accepted.) Columns are found by
// their header, not their position. repmgr exits 25 when it detected issues (an unreachable
// node...) and still prints the table: the table is what counts; it shows the problem itself.
// repmgr's --csv output would be easier to read but carries only id, connection and recovery type.
import { known, unknown, type Fact, type RepmgrNode } from '../../cluster/facts.js';
import type { Section } from '../sections.js';
import { intOrNull, lines, notInstalled, sectionProblem, unparsable, type ParseContext } from './common.js';
import { truncate } from '../../format/text.js';

const COLUMNS: Record<string, keyof RepmgrNode | null> = {
  ID: 'id',
  Name: 'name',
  Role: 'role',
  Status: 'status',
  Upstream: 'upstream',
  TLI: 'timeline',
  Timeline: 'timeline',
};

export function parseRepmgr(section: Section | undefined, ctx: ParseContext): Fact<RepmgrNode[]> {
  const problem = sectionProblem(section, ctx);
  if (problem) return problem;
  const s = section!;
  const missing = notInstalled(s);
  if (missing) return missing;

  const all = lines(s.stdout);
  const headerAt = all.findIndex((l) => /^\s*ID\s*\|\s*Name\s*\|/.test(l));
  if (headerAt < 0) {
    if (s.exitCode !== 0)
      return unknown(`repmgr cluster show failed (exit ${s.exitCode ?? 'none'}): ${repmgrError(s.stderr || s.stdout)}`, 'failed');
    return unparsable(`no table header in ${JSON.stringify(truncate(s.stdout.trim(), 120))}`);
  }
  const header = all[headerAt]!.split('|').map((h) => h.trim());
  const index = new Map<keyof RepmgrNode, number>();
  header.forEach((h, i) => {
    const key = COLUMNS[h];
    if (key) index.set(key, i);
  });
  for (const need of ['id', 'name', 'role', 'status', 'upstream'] as const) {
    if (!index.has(need)) return unparsable(`no ${need} column in ${JSON.stringify(all[headerAt])}`);
  }
  const nodes: RepmgrNode[] = [];
  for (const line of all.slice(headerAt + 1)) {
    if (/^[-+\s]+$/.test(line)) continue; // ----+------ under the header
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length !== header.length)
      return unparsable(`row ${JSON.stringify(line)} has ${cells.length} columns, the header ${header.length}`);
    const cell = (k: keyof RepmgrNode) => (index.has(k) ? cells[index.get(k)!]! : '');
    const id = intOrNull(cell('id'));
    if (id === null) return unparsable(`node id ${JSON.stringify(cell('id'))}`);
    const tli = cell('timeline');
    const timeline = tli === '' ? null : intOrNull(tli);
    if (tli !== '' && timeline === null) return unparsable(`timeline ${JSON.stringify(tli)} of node ${id}`);
    nodes.push({
      id,
      name: cell('name'),
      role: cell('role'),
      status: cell('status'),
      upstream: cell('upstream') === '' ? null : cell('upstream'),
      timeline,
    });
  }
  if (nodes.length === 0) return unparsable('the table has no nodes');
  return known(nodes);
}

// repmgr's errors: "ERROR: connection to database failed", "DETAIL:", then the libpq message.
function repmgrError(text: string): string {
  const useful = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && l !== 'DETAIL:' && !l.startsWith('DETAIL: attempted to connect') && !/^user=|^Is the server/.test(l));
  return truncate(useful.slice(0, 2).join(': '), 300);
}
