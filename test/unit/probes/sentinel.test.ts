// Redis Sentinel from real output: redis-server --sentinel run in the lab's nodes, watching lab-a's
// Redis as "mymaster" (test/fixtures/probes/sentinel/, see its README), parsed and judged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SENTINEL_SECTIONS, parseSentinel } from '../../../src/probes/parse/sentinel.js';
import { parseCluster } from '../../../src/config/load-cluster.js';
import { assess } from '../../../src/cluster/assessment.js';
import { nodeRows } from '../../../src/view/node-rows.js';
import { known, type NodeFacts } from '../../../src/cluster/facts.js';
import { healthyPair, reachable, NOW } from '../../support/facts.js';
import { section, CTX } from './fixtures.js';

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/probes/sentinel');
const fixture = (name: string) => readFileSync(path.join(DIR, name), 'utf8');

const def = parseCluster(
  `name: oml\nnodes: { a: { alias: lab-a }, b: { alias: lab-b } }\ncomponents:\n  sentinel: {}\n`,
  '/x/oml.yaml',
).def;

const round = (master: [string, string?, number?], ckquorum: [string, string?, number?]) =>
  parseSentinel(
    new Map([
      [SENTINEL_SECTIONS.master, section(SENTINEL_SECTIONS.master, master[0], master[1] ?? '', master[2] ?? 0)],
      [SENTINEL_SECTIONS.ckquorum, section(SENTINEL_SECTIONS.ckquorum, ckquorum[0], ckquorum[1] ?? '', ckquorum[2] ?? 0)],
    ]),
    CTX,
    'mymaster',
  );

function judge(a: ReturnType<typeof round>, b: ReturnType<typeof round>) {
  const p = healthyPair();
  const only = (f: NodeFacts, s: typeof a): NodeFacts => ({
    node: f.node,
    name: f.name,
    collectedAt: f.collectedAt,
    roundTripMs: 1,
    host: f.host,
    sentinel: s,
  });
  const na = only(p.a, a);
  const nb = only(p.b, b);
  return { a: na, b: nb, r: assess({ nodes: { a: reachable(na), b: reachable(nb) } }, def, NOW) };
}

test('SENTINEL MASTER on the lab: lab-a at 198.18.14.11:6379, one replica, one other Sentinel, quorum 2', () => {
  const f = round([fixture('a-master.txt')], [fixture('a-ckquorum-ok.txt')]);
  assert.ok(f.known);
  assert.deepEqual(f.value.master, {
    name: 'mymaster',
    ip: '198.18.14.11',
    port: 6379,
    flags: ['master'],
    numSlaves: 1,
    numOtherSentinels: 1,
    quorum: 2,
  });
  assert.deepEqual(f.value.ckquorum, {
    known: true,
    value: { ok: true, message: 'OK 2 usable Sentinels. Quorum and failover authorization can be reached' },
  });
});

test('two Sentinels that agree: the only finding is that two cannot elect once a node is gone', () => {
  const { r, a } = judge(
    round([fixture('a-master.txt')], [fixture('a-ckquorum-ok.txt')]),
    round([fixture('b-master.txt')], [fixture('a-ckquorum-ok.txt')]),
  );
  assert.deepEqual(
    r.findings.map((f) => f.code),
    ['sentinel-cannot-elect'],
  );
  assert.match(r.findings[0]!.message, /Only 2 Sentinels watch mymaster: when a node dies with its Sentinel, the one left is no majority/);
  assert.deepEqual(
    nodeRows(a, def)
      .filter((x) => x.key.startsWith('sentinel'))
      .map((x) => x.text),
    ['mymaster → 198.18.14.11:6379 · 2 sentinels · quorum 2', 'failover can be authorised'],
  );
});

test("lab-b's Sentinel stopped: it is unknown, not running, and lab-a's says NOQUORUM", () => {
  const a = round([fixture('a-master.txt')], [fixture('a-ckquorum-no.txt')]);
  const b = round(['', fixture('b-not-running.stderr.txt'), 1], ['', fixture('b-not-running.stderr.txt'), 1]);
  assert.deepEqual(b, {
    known: false,
    reason: 'Sentinel does not answer (Could not connect to Redis at 127.0.0.1:26379: Connection refused)',
    cause: 'not-running',
  });
  const { r } = judge(a, b);
  assert.deepEqual(r.findings.map((f) => f.code).sort(), ['sentinel-cannot-elect', 'sentinel-no-quorum', 'sentinel-unknown']);
  assert.match(
    r.findings.find((f) => f.code === 'sentinel-no-quorum')!.message,
    /lab-a cannot authorise a failover of mymaster: NOQUORUM 1 usable Sentinels/,
  );
});

test('a master Sentinel sees down (s_down,o_down, captured with an address nothing answers) is critical; Sentinels that disagree are critical', () => {
  const down = round([fixture('a-master-down.txt')], [fixture('a-ckquorum-ok.txt')]);
  assert.ok(down.known);
  assert.deepEqual(down.value.master.flags, ['s_down', 'o_down', 'master']);
  const { r } = judge(down, round([fixture('b-master.txt')], [fixture('a-ckquorum-ok.txt')]));
  assert.equal(r.verdict, 'critical');
  assert.ok(r.findings.some((f) => f.code === 'sentinel-master-down' && f.level === 'critical'));
  assert.match(
    r.findings.find((f) => f.code === 'sentinel-disagree')!.message,
    /lab-a says 198\.18\.14\.99:6379, lab-b says 198\.18\.14\.11:6379/,
  );
});

test('an error reply (no such master) or stray output is unknown with the reason, never a guess', () => {
  const f = round(['ERR No such master with that name\n\n'], ['ERR No such master with that name\n\n']);
  assert.deepEqual(f, { known: false, reason: 'SENTINEL MASTER mymaster: ERR No such master with that name', cause: 'failed' });
  const g = round(['name\nmymaster\nip\n'], [fixture('a-ckquorum-ok.txt')]);
  assert.equal(g.known, false);
});

test('a Redis replica that follows another master than the Sentinels name is critical', () => {
  const p = healthyPair();
  const s = round([fixture('a-master.txt')], [fixture('a-ckquorum-ok.txt')]);
  const node = (f: NodeFacts, redisMaster: string): NodeFacts => ({
    ...f,
    sentinel: s,
    redis: f.redis?.known && f.redis.value.role === 'replica' ? known({ ...f.redis.value, masterHost: redisMaster }) : f.redis,
  });
  const judgeWith = (ip: string) => {
    const a = node(p.a, ip);
    const b = node(p.b, ip);
    return assess({ nodes: { a: reachable(a), b: reachable(b) } }, def, NOW).findings;
  };
  // The Sentinels name 198.18.14.11:6379; lab-b's Redis follows 198.18.0.11.
  const apart = judgeWith('198.18.0.11').filter((f) => f.code === 'sentinel-redis-disagree');
  assert.deepEqual(
    apart.map((f) => f.message),
    ['Redis on lab-b replicates 198.18.0.11:6379, but the Sentinels name 198.18.14.11:6379 the master of mymaster'],
  );
  assert.deepEqual(
    judgeWith('198.18.14.11').filter((f) => f.code === 'sentinel-redis-disagree'),
    [],
  );
});
