// redis section: `redis-cli -p PORT info replication`, "key:value" lines ending in CRLF.
//
// Lag in bytes, and which offsets are compared:
//   - On the master, each "slaveN:ip=..,port=..,state=..,offset=O,lag=L" line carries O, the
//     offset the replica last acknowledged (REPLCONF ACK, once a second); the master's own
//     master_repl_offset M is from the same INFO call, so lagBytes = M - O is one snapshot.
//     Up to a second of writes shows as lag even on a healthy link.
//   - On a replica, master_repl_offset is the replica's OWN offset (what it has relayed), and
//     slave_repl_offset what it has applied; neither is the master's current offset, which the
//     replica does not know. So a replica's lagBytes stays null (never guessed from its own
//     offsets); replicaOffset keeps slave_repl_offset for a cross-node comparison.
import { known, unknown, type Fact, type RedisFacts } from '../../cluster/facts.js';
import type { Section } from '../sections.js';
import { intOrNull, lines, notInstalled, sectionProblem, unparsable, type ParseContext } from './common.js';
import { firstLine, truncate } from '../../format/text.js';

export function parseRedis(section: Section | undefined, ctx: ParseContext): Fact<RedisFacts> {
  const problem = sectionProblem(section, ctx);
  if (problem) return problem;
  const s = section!;
  const missing = notInstalled(s);
  if (missing) return missing;
  const said = firstLine(s.stderr) || firstLine(s.stdout);
  if (/Could not connect to Redis/i.test(said)) return unknown(`Redis is not running (${said})`, 'not-running');
  // redis-cli prints server errors (NOAUTH, WRONGPASS, ERR ...) on stdout, sometimes with exit 0.
  if (/^(\(error\) )?(NOAUTH|WRONGPASS|ERR|NOPERM|LOADING|MASTERDOWN)\b/.test(firstLine(s.stdout))) {
    return unknown(`Redis refused the probe (${firstLine(s.stdout)})`, 'failed');
  }
  if (s.exitCode !== 0) return unknown(`redis-cli failed (exit ${s.exitCode ?? 'none'})${said ? `: ${said}` : ''}`, 'failed');

  const info = new Map<string, string>();
  for (const line of lines(s.stdout)) {
    if (line.startsWith('#')) continue;
    const colon = line.indexOf(':');
    if (colon <= 0) return unparsable(`unexpected line ${JSON.stringify(truncate(line, 120))}`);
    info.set(line.slice(0, colon), line.slice(colon + 1));
  }
  const role = info.get('role');
  if (role !== 'master' && role !== 'slave') return unparsable(`role ${JSON.stringify(role ?? null)} (expected master or slave)`);
  const masterReplOffset = intOrNull(info.get('master_repl_offset'));
  if (masterReplOffset === null) return unparsable(`master_repl_offset ${JSON.stringify(info.get('master_repl_offset') ?? null)}`);
  const connectedReplicas = intOrNull(info.get('connected_slaves'));
  if (connectedReplicas === null) return unparsable(`connected_slaves ${JSON.stringify(info.get('connected_slaves') ?? null)}`);

  const replicas: RedisFacts['replicas'] = [];
  for (const [key, value] of info) {
    if (!/^slave\d+$/.test(key)) continue;
    const kv = new Map(value.split(',').map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)] as const));
    const port = intOrNull(kv.get('port'));
    const offset = intOrNull(kv.get('offset'));
    const lag = intOrNull(kv.get('lag'));
    const ip = kv.get('ip');
    const state = kv.get('state');
    if (!ip || !state || port === null || offset === null || lag === null) return unparsable(`${key}:${value}`);
    replicas.push({ ip, port, state, offset, lag, lagBytes: masterReplOffset - offset });
  }

  if (role === 'master') {
    return known({
      role: 'master',
      connectedReplicas,
      replicas,
      masterHost: null,
      masterPort: null,
      masterLinkStatus: null,
      masterLastIoSecondsAgo: null,
      masterReplOffset,
      replicaOffset: null,
    });
  }
  const link = info.get('master_link_status');
  if (link !== 'up' && link !== 'down') return unparsable(`master_link_status ${JSON.stringify(link ?? null)}`);
  // -1 while the link is down: Redis has no last I/O to report.
  const lastIo = intOrNull(info.get('master_last_io_seconds_ago'));
  return known({
    role: 'replica',
    connectedReplicas,
    replicas,
    masterHost: info.get('master_host') || null,
    masterPort: intOrNull(info.get('master_port')),
    masterLinkStatus: link,
    masterLastIoSecondsAgo: lastIo === null || lastIo < 0 ? null : lastIo,
    masterReplOffset,
    replicaOffset: intOrNull(info.get('slave_repl_offset')),
    lagBytes: null,
  });
}
