// sentinel.master: `redis-cli -p PORT SENTINEL MASTER NAME`, one field a line, name then value
// (an empty value is an empty line); sentinel.ckquorum: `SENTINEL CKQUORUM NAME`, one line,
// "OK N usable Sentinels. ..." or "NOQUORUM N usable Sentinels. ...". redis-cli prints an error
// reply ("ERR No such master with that name") on stdout and still exits 0.
import { known, unknown, type Fact, type SentinelFacts, type SentinelMaster } from '../../cluster/facts.js';
import type { Section } from '../sections.js';
import { failed, intOrNull, notInstalled, sectionProblem, unparsable, type ParseContext } from './common.js';
import { firstLine, truncate } from '../../format/text.js';

export const SENTINEL_SECTIONS = { master: 'sentinel.master', ckquorum: 'sentinel.ckquorum' } as const;

export function parseSentinel(own: ReadonlyMap<string, Section>, ctx: ParseContext, master: string): Fact<SentinelFacts> {
  const m = parseSentinelMaster(own.get(SENTINEL_SECTIONS.master), ctx, master);
  if (!m.known) return m;
  return known({ master: m.value, ckquorum: parseCkquorum(own.get(SENTINEL_SECTIONS.ckquorum), ctx) });
}

/** What every redis-cli section shares: installed, Sentinel answering, no error reply. */
function reply(section: Section | undefined, ctx: ParseContext, what: string): string | Fact<never> {
  const problem = sectionProblem(section, ctx);
  if (problem) return problem;
  const s = section!;
  const missing = notInstalled(s);
  if (missing) return missing;
  const said = firstLine(s.stderr) || firstLine(s.stdout);
  if (/Could not connect|Connection refused/i.test(said)) return unknown(`Sentinel does not answer (${said})`, 'not-running');
  if (s.exitCode !== 0) return failed(s, what);
  const out = s.stdout.replace(/\r/g, '');
  if (/^(ERR|WRONGTYPE|NOAUTH|\(error\))/.test(out)) return unknown(`${what}: ${truncate(firstLine(out), 160)}`, 'failed');
  return out;
}

export function parseSentinelMaster(section: Section | undefined, ctx: ParseContext, master: string): Fact<SentinelMaster> {
  const out = reply(section, ctx, `SENTINEL MASTER ${master}`);
  if (typeof out !== 'string') return out;
  const ls = out.replace(/\n$/, '').split('\n');
  if (ls.length % 2 !== 0 || ls[0] !== 'name') return unparsable(`SENTINEL MASTER: ${JSON.stringify(truncate(out, 120))}`);
  const f = new Map<string, string>();
  for (let i = 0; i < ls.length; i += 2) f.set(ls[i]!, ls[i + 1]!);
  const num = (k: string) => intOrNull(f.get(k));
  const port = num('port');
  const numSlaves = num('num-slaves');
  const numOtherSentinels = num('num-other-sentinels');
  const quorum = num('quorum');
  const ip = f.get('ip');
  if (!ip || port === null || numSlaves === null || numOtherSentinels === null || quorum === null || !f.has('flags')) {
    return unparsable(`SENTINEL MASTER lacks ip, port, flags, num-slaves, num-other-sentinels or quorum`);
  }
  return known({ name: f.get('name')!, ip, port, flags: f.get('flags')!.split(','), numSlaves, numOtherSentinels, quorum });
}

export function parseCkquorum(section: Section | undefined, ctx: ParseContext): Fact<{ ok: boolean; message: string }> {
  const out = reply(section, ctx, 'SENTINEL CKQUORUM');
  if (typeof out !== 'string') return out;
  const line = firstLine(out);
  if (/^OK \d+ usable Sentinels/.test(line)) return known({ ok: true, message: line });
  if (/^NOQUORUM /.test(line)) return known({ ok: false, message: line });
  return unparsable(`SENTINEL CKQUORUM: ${JSON.stringify(truncate(line, 120))}`);
}
