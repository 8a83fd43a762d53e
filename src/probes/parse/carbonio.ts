// carbonio.* sections, each read on its own (one that fails leaves the others known):
// - carbonio.locks: "now SECONDS", then per lock file "lock INDEX missing" | "lock INDEX present MTIME".
// - carbonio.accounts: `carbonio --json ha getAccountStatus mailHost SRC`; habeat reads
//   response.values, a list of objects with accountName.
// - carbonio.operations: `carbonio --json core getAllOperations`; habeat reads response.operationList.
// - carbonio.witness: Consul's GET /v1/agent/members: a list of {Name, Addr, Status, ...}.
// The Carbonio shapes are the ones habeat (zextras/sps-habeat) reads; tests use fixtures of them.
import { known, unknown, type CarbonioFacts, type ConsulMember, type Fact, type HabeatLock } from '../../cluster/facts.js';
import type { Section } from '../sections.js';
import { decimalOrNull, failed, lines, notInstalled, sectionProblem, unparsable, type ParseContext } from './common.js';
import { FieldError, fields, parseJsonObject, type Json, type JsonObject } from './json.js';
import { truncate } from '../../format/text.js';

export const CARBONIO_SECTIONS = {
  locks: 'carbonio.locks',
  accounts: 'carbonio.accounts',
  operations: 'carbonio.operations',
  witness: 'carbonio.witness',
} as const;

export function parseCarbonio(
  own: ReadonlyMap<string, Section>,
  ctx: ParseContext,
  settings: { lock_files: readonly string[]; source_mail_host: string },
): Fact<CarbonioFacts> {
  return known({
    locks: parseLocks(own.get(CARBONIO_SECTIONS.locks), ctx, settings.lock_files),
    accounts: parseAccountStatus(own.get(CARBONIO_SECTIONS.accounts), ctx, settings.source_mail_host),
    operations: parseOperations(own.get(CARBONIO_SECTIONS.operations), ctx),
    witness: parseConsulMembers(own.get(CARBONIO_SECTIONS.witness), ctx),
  });
}

export function parseLocks(section: Section | undefined, ctx: ParseContext, paths: readonly string[]): Fact<HabeatLock[]> {
  const problem = sectionProblem(section, ctx);
  if (problem) return problem;
  const s = section!;
  if (s.exitCode !== 0) return failed(s, 'reading the habeat lock files');
  const [first, ...rest] = lines(s.stdout);
  const now = decimalOrNull(/^now (\S+)$/.exec(first ?? '')?.[1]);
  if (now === null) return unparsable(`expected "now SECONDS" first, got ${JSON.stringify(truncate(first ?? '', 80))}`);
  const found = new Map<number, HabeatLock>();
  for (const line of rest) {
    const m = /^lock (\d+) (missing|present (\S+))$/.exec(line);
    const path = m ? paths[Number(m[1])] : undefined;
    if (!m || path === undefined) return unparsable(`unexpected line ${JSON.stringify(truncate(line, 80))}`);
    if (m[2] === 'missing') {
      found.set(Number(m[1]), { path, present: false, ageSeconds: null });
      continue;
    }
    const mtime = decimalOrNull(m[3]);
    if (mtime === null) return unparsable(`modification time ${JSON.stringify(m[3])} of ${path}`);
    found.set(Number(m[1]), { path, present: true, ageSeconds: Math.max(0, Math.round(now - mtime)) });
  }
  const out: HabeatLock[] = [];
  for (let i = 0; i < paths.length; i++) {
    const f = found.get(i);
    if (!f) return unparsable(`nothing reported for ${paths[i]}`);
    out.push(f);
  }
  return known(out);
}

/** A carbonio CLI section: installed, answered, and printed a JSON object with a response. */
function carbonioResponse(section: Section | undefined, ctx: ParseContext, what: string): JsonObject | Fact<never> {
  const problem = sectionProblem(section, ctx);
  if (problem) return problem;
  const s = section!;
  const missing = notInstalled(s);
  if (missing) return missing;
  if (s.exitCode !== 0) return failed(s, what);
  const obj = parseJsonObject(s.stdout.trim());
  if (!obj) return unparsable(`${what}: not a JSON object: ${JSON.stringify(truncate(s.stdout.trim(), 120))}`);
  const response = obj.response;
  if (response === null || typeof response !== 'object' || Array.isArray(response)) {
    return unparsable(`${what}: no "response" object in ${JSON.stringify(truncate(s.stdout.trim(), 120))}`);
  }
  return response;
}

const isFact = (v: unknown): v is Fact<never> =>
  typeof v === 'object' && v !== null && 'known' in v && (v as { known: unknown }).known === false;

export function parseAccountStatus(
  section: Section | undefined,
  ctx: ParseContext,
  source: string,
): Fact<{ source: string; names: string[] }> {
  const r = carbonioResponse(section, ctx, 'getAccountStatus');
  if (isFact(r)) return r;
  const values = (r as JsonObject).values;
  if (!Array.isArray(values)) return unparsable('getAccountStatus: response.values is not a list');
  try {
    const names = values.map((v: Json, i) => {
      if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new FieldError(`response.values[${i}] is not an object`);
      return fields(v, `response.values[${i}]`).str('accountName');
    });
    return known({ source, names });
  } catch (e) {
    return unparsable(`getAccountStatus: ${(e as Error).message}`);
  }
}

export function parseOperations(section: Section | undefined, ctx: ParseContext): Fact<number> {
  const r = carbonioResponse(section, ctx, 'getAllOperations');
  if (isFact(r)) return r;
  const list = (r as JsonObject).operationList;
  if (!Array.isArray(list)) return unparsable('getAllOperations: response.operationList is not a list');
  return known(list.length);
}

export function parseConsulMembers(section: Section | undefined, ctx: ParseContext): Fact<ConsulMember[]> {
  const problem = sectionProblem(section, ctx);
  if (problem) return problem;
  const s = section!;
  const missing = notInstalled(s);
  if (missing) return missing;
  if (s.exitCode !== 0) return unknown(`Consul does not answer: ${failed(s, 'GET /v1/agent/members').reason}`, 'not-running');
  let list: unknown;
  try {
    list = JSON.parse(s.stdout);
  } catch {
    return unparsable(`agent/members: not JSON: ${JSON.stringify(truncate(s.stdout.trim(), 120))}`);
  }
  if (!Array.isArray(list)) return unparsable('agent/members: not a list');
  try {
    return known(
      list.map((m: unknown, i) => {
        if (m === null || typeof m !== 'object' || Array.isArray(m)) throw new FieldError(`member ${i} is not an object`);
        const f = fields(m as JsonObject, `member ${i}`);
        return { name: f.str('Name'), addr: f.str('Addr'), status: f.num('Status') };
      }),
    );
  } catch (e) {
    return unparsable(`agent/members: ${(e as Error).message}`);
  }
}
