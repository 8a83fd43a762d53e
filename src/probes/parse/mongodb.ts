// mongodb section: `<shell> --eval 'JSON.stringify(rs.status())'` prints the replSetGetStatus
// document as JSON (dates as ISO strings, since Date.prototype.toJSON is what JSON.stringify uses).
//
// Lag is computed as mongosh's rs.printSecondaryReplicationInfo() does (mongosh
// packages/shell-api/src/database.ts, printSecondaryReplicationInfo):
//   - the reference is the optimeDate of the first member in state 1 (PRIMARY); when there is no
//     primary, the newest optimeDate among all members ("freshest member");
//   - primaries (state 1) and arbiters (state 7) get no lag;
//   - a member with an optime and health != 0 lags (reference - its optimeDate) seconds;
//     any other member has "no replication info, yet": null here.
// mongosh rounds to whole seconds for display; the fact keeps the exact difference.
import { known, unknown, type Fact, type MongoFacts, type MongoMember } from '../../cluster/facts.js';
import type { Section } from '../sections.js';
import { notInstalled, sectionProblem, unparsable, type ParseContext } from './common.js';
import { firstLine, truncate } from '../../format/text.js';
import { FieldError, fields, type Json, type JsonObject } from './json.js';

export function parseMongo(section: Section | undefined, ctx: ParseContext): Fact<MongoFacts> {
  const problem = sectionProblem(section, ctx);
  if (problem) return problem;
  const s = section!;
  const missing = notInstalled(s);
  if (missing) return missing;
  if (s.exitCode !== 0) {
    const said = firstLine(s.stderr) || firstLine(s.stdout);
    if (/ECONNREFUSED|connect ECONNREFUSED|MongoNetworkError|Connection refused/i.test(said))
      return unknown(`MongoDB is not running (${said})`, 'not-running');
    return unknown(`the MongoDB shell failed (exit ${s.exitCode ?? 'none'})${said ? `: ${said}` : ''}`, 'failed');
  }
  const doc = findDocument(s.stdout);
  if (!doc) return unparsable(`no JSON document in ${JSON.stringify(truncate(s.stdout.trim(), 120))}`);
  return statusFacts(doc);
}

/** rs.status() as JSON to facts; exported for the documented examples. */
export function statusFacts(doc: JsonObject): Fact<MongoFacts> {
  try {
    const d = fields(doc, 'rs.status()');
    if (d.has('ok') && doc.ok !== 1)
      return unknown(`rs.status() failed: ${typeof doc.errmsg === 'string' ? doc.errmsg : JSON.stringify(doc.ok)}`, 'failed');
    const raw = doc.members;
    if (!Array.isArray(raw)) return unparsable('rs.status(): members is not a list');
    const members = raw.map((m, i) => {
      if (m === null || typeof m !== 'object' || Array.isArray(m)) throw new FieldError(`rs.status(): member ${i} is not a document`);
      return m;
    });
    const reference = referenceOptime(members);
    return known({
      set: d.str('set'),
      myState: d.num('myState'),
      members: members.map((m, i) => member(m, i, reference)),
    });
  } catch (e) {
    return unparsable(e instanceof FieldError ? e.message : String(e));
  }
}

function member(m: JsonObject, i: number, reference: number | null): MongoMember {
  const f = fields(m, `member ${i}`);
  const state = f.num('state');
  const health = f.num('health');
  const optime = dateMs(m.optimeDate);
  let lagSeconds: number | null = null;
  if (state !== 1 && state !== 7 && m.optime !== undefined && m.optime !== null && health !== 0 && optime !== null && reference !== null) {
    lagSeconds = (reference - optime) / 1000;
  }
  const sync = f.optStr('syncSourceHost') || f.optStr('syncingTo') || null;
  return {
    name: f.str('name'),
    health,
    stateStr: f.str('stateStr'),
    self: m.self === true,
    optimeDate: optime === null ? null : new Date(optime).toISOString(),
    syncSource: sync,
    lagSeconds,
  };
}

// mongosh: the primary's optimeDate, else the newest optimeDate of any member.
function referenceOptime(members: JsonObject[]): number | null {
  const primary = members.find((m) => m.state === 1);
  if (primary) return dateMs(primary.optimeDate);
  let newest: number | null = null;
  for (const m of members) {
    const t = dateMs(m.optimeDate);
    if (t !== null && (newest === null || t > newest)) newest = t;
  }
  return newest;
}

/** An ISO date string, or extended JSON {"$date": ...}, as ms; null otherwise. */
function dateMs(v: Json | undefined): number | null {
  let x: Json | undefined = v;
  if (x !== null && typeof x === 'object' && !Array.isArray(x) && '$date' in x) x = x.$date;
  if (typeof x === 'number' && Number.isFinite(x)) return x;
  if (typeof x !== 'string') return null;
  const t = Date.parse(x);
  return Number.isNaN(t) ? null : t;
}

// The shell may print a warning line before the document; the document is the last line that
// parses as a JSON object (JSON.stringify prints it on one line).
function findDocument(stdout: string): JsonObject | null {
  const candidates = stdout
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('{'))
    .reverse();
  for (const c of candidates) {
    try {
      const v: unknown = JSON.parse(c);
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) return v as JsonObject;
    } catch {
      /* not this line */
    }
  }
  return null;
}
