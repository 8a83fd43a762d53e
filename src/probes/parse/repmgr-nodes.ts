// repmgr section as the persistent session answers it (components/repmgr.ts): repmgr's metadata,
// read through the session's open psql instead of `repmgr cluster show` (which connects to every
// node). Lines, "TAG<US>VALUE":
//   local<US>1                                    this node's node_id (repmgr.conf)
//   node<US>{"id":1,"name":"lab-a","type":"primary","active":true,"upstream":null}   (repmgr-sql.ts)
//   recovery<US>false                             this server's pg_is_in_recovery()
// The facts use cluster show's words where this node can tell: its own row is running (its
// PostgreSQL answered), "* running" as a primary, "running" as a standby, "! running as standby" or
// "! running as primary" when that differs from what it is registered as, "! running" when
// registered inactive. Another node's row says what the metadata says: "active", or "- inactive"
// (repmgr marks a failed node inactive); whether it runs is its own session's answer, not this one's
// (cluster show would connect to it). No timeline: repmgr.nodes has none.
import { known, unknown, type Fact, type RepmgrNode } from '../../cluster/facts.js';
import type { Section } from '../sections.js';
import { FieldError, fields, parseJsonObject } from './json.js';
import { intOrNull, joinedLines, lines, sectionProblem, unparsable, type ParseContext } from './common.js';
import { truncate } from '../../format/text.js';

/** The first line's tag: this node's id, printed by the section before the query's rows. */
export const REPMGR_LOCAL_TAG = 'local';

const US = '\x1f';

export function parseRepmgrNodes(section: Section | undefined, ctx: ParseContext): Fact<RepmgrNode[]> {
  const problem = sectionProblem(section, ctx);
  if (problem) return problem;
  const s = section!;
  if (s.exitCode === 127) return unknown(`psql is not installed (${joinedLines(s.stderr) || 'command not found'})`, 'not-installed');
  if (s.exitCode !== 0) {
    const what = s.exitCode === 2 ? "could not connect to repmgr's database" : "reading repmgr's metadata failed";
    return unknown(`${what} (exit ${s.exitCode ?? 'none'}): ${joinedLines(s.stderr) || 'no message'}`, 'failed');
  }
  let localId: number | null = null;
  let inRecovery: boolean | null = null;
  const rows: { id: number; name: string; type: string; active: boolean; upstream: string | null }[] = [];
  try {
    for (const line of lines(s.stdout)) {
      const at = line.indexOf(US);
      const tag = at < 0 ? line : line.slice(0, at);
      const value = at < 0 ? '' : line.slice(at + 1);
      if (tag === REPMGR_LOCAL_TAG) {
        localId = intOrNull(value);
        if (localId === null) return unparsable(`node_id ${JSON.stringify(value)}`);
      } else if (tag === 'recovery') {
        if (value !== 'true' && value !== 'false') return unparsable(`pg_is_in_recovery ${JSON.stringify(value)}`);
        inRecovery = value === 'true';
      } else if (tag === 'node') {
        const obj = parseJsonObject(value);
        if (!obj) return unparsable(`node row ${JSON.stringify(truncate(value, 120))}`);
        const f = fields(obj, 'node row');
        rows.push({
          id: f.num('id'),
          name: f.str('name'),
          type: f.str('type'),
          active: f.bool('active'),
          upstream: f.strOrNull('upstream'),
        });
      } else {
        return unparsable(`line ${JSON.stringify(truncate(line, 120))}`);
      }
    }
  } catch (e) {
    if (e instanceof FieldError) return unparsable(e.message);
    throw e;
  }
  if (localId === null) return unparsable('no node_id line');
  if (inRecovery === null) return unparsable('no pg_is_in_recovery row');
  if (rows.length === 0) return unknown('repmgr.nodes has no node: none is registered', 'failed');
  return known(
    rows.map((r) => ({
      id: r.id,
      name: r.name,
      role: r.type,
      status: r.id === localId ? ownStatus(r.type, r.active, inRecovery!) : r.active ? 'active' : '- inactive',
      upstream: r.upstream,
      timeline: null,
    })),
  );
}

// This node's own row, as cluster show words it for a node it reached.
function ownStatus(type: string, active: boolean, inRecovery: boolean): string {
  if (type === 'primary' && inRecovery) return '! running as standby';
  if (type === 'standby' && !inRecovery) return '! running as primary';
  if (!active) return '! running';
  return type === 'primary' ? '* running' : 'running';
}
