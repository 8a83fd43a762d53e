// Verdicts on constructed fact pairs: one healthy cluster broken one precise way per case.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assess } from '../../../src/cluster/assessment.js';
import { known, unknown, type NodeFacts, type NodeObservation } from '../../../src/cluster/facts.js';
import {
  NOW,
  labLikeDefinition as def,
  healthyPair,
  healthyNode,
  primaryPg,
  reachable,
  unreachable,
  masterRedis,
  replicaRedis,
} from '../../support/facts.js';

type Pair = { a: NodeFacts; b: NodeFacts };
interface Case {
  name: string;
  change?: (p: Pair) => void;
  nodes?: (p: Pair) => { a: NodeObservation; b: NodeObservation };
  verdict: 'healthy' | 'degraded' | 'critical' | 'unreachable';
  codes: string[];
  /** A cluster definition other than the lab-like default. */
  def?: typeof def;
  message?: RegExp;
}

const set = <T>(v: T) => known(v);
const syncDef = { ...def, components: { ...def.components, postgres: { ...def.components.postgres!, synchronous: true } } };

const cases: Case[] = [
  { name: 'the healthy lab', verdict: 'healthy', codes: [] },
  {
    name: 'two PostgreSQL primaries (B promoted while A still primary)',
    change: (p) => {
      p.b.postgres = set({ ...primaryPg('none'), timeline: 2, senders: [] });
    },
    verdict: 'critical',
    codes: ['split-brain-postgres', 'role-mismatch'],
    message: /SPLIT BRAIN: two PostgreSQL primaries, lab-a \(timeline 1\) and lab-b \(timeline 2\)/,
  },
  {
    name: 'two VIP holders (keepalived killed, address left behind)',
    change: (p) => {
      p.b.vip = set({ address: '198.18.0.10', holds: true, interface: 'eth0' });
    },
    verdict: 'critical',
    codes: ['split-brain-vip'],
  },
  {
    name: 'two Redis masters',
    change: (p) => {
      p.b.redis = set(masterRedis());
    },
    verdict: 'critical',
    codes: ['split-brain-redis'],
  },
  {
    name: 'both role files say master',
    change: (p) => {
      p.b.roleFiles = set({ role: 'master', status: 'working' });
    },
    verdict: 'critical',
    codes: ['split-brain-role-files', 'role-mismatch'],
  },
  {
    name: 'role file disagrees with the live role',
    change: (p) => {
      p.a.roleFiles = set({ role: 'slave', status: 'working' });
    },
    verdict: 'degraded',
    codes: ['role-mismatch'],
    message: /lab-a: role file says slave, but PostgreSQL is a primary/,
  },
  {
    name: 'PostgreSQL stopped on the standby',
    change: (p) => {
      p.b.postgres = unknown(
        'PostgreSQL is not running (psql: connection to server on socket "/var/run/postgresql/.s.PGSQL.5432" failed: No such file or directory)',
        'not-running',
      );
      // repmgr reads through the same PostgreSQL: one cause, said once.
      p.b.repmgr = unknown('repmgr cluster show failed (exit 25): connection to database failed', 'failed');
      p.a.postgres = set({ ...primaryPg(), senders: [] });
      p.b.services = set([
        { name: 'postgresql', active: false, detail: 'process postgres: none' },
        { name: 'celerybeat', active: false, detail: '' },
      ]);
    },
    verdict: 'degraded',
    codes: ['standby-down', 'service-down'],
    message: /PostgreSQL does not answer on lab-b \(PostgreSQL is not running/,
  },
  {
    name: 'synchronous replication with the standby gone: commits hang',
    change: (p) => {
      p.b.postgres = unknown('PostgreSQL is not running', 'not-running');
      p.a.postgres = set({ ...primaryPg(), synchronousStandbyNames: 'lab-b', senders: [] });
    },
    verdict: 'critical',
    codes: ['writes-blocked', 'standby-down'],
    message: /Commits on lab-a wait for a synchronous standby \(synchronous_standby_names = 'lab-b'\) and none is connected: writes hang/,
  },
  {
    name: 'synchronous replication with its standby streaming in sync',
    change: (p) => {
      const pg = primaryPg();
      pg.synchronousStandbyNames = 'lab-b';
      pg.senders[0] = { ...pg.senders[0]!, syncState: 'sync' };
      p.a.postgres = set(pg);
    },
    verdict: 'healthy',
    codes: [],
  },
  {
    name: 'configured synchronous, running asynchronous with the standby streaming',
    change: (p) => {
      p.a.postgres = set({ ...primaryPg(), synchronousStandbyNames: '' });
    },
    def: syncDef,
    verdict: 'degraded',
    codes: ['synchronous-off'],
    message: /lab-a commits without waiting for lab-b although the cluster is configured synchronous/,
  },
  {
    name: 'standby not streaming',
    change: (p) => {
      const pg = p.b.postgres!;
      if (pg.known) p.b.postgres = set({ ...pg.value, receiver: null });
    },
    verdict: 'degraded',
    codes: ['standby-not-streaming'],
    message: /lab-b is not streaming from lab-a \(WAL receiver: none\)/,
  },
  {
    name: 'lag over the byte threshold, seen from the primary',
    change: (p) => {
      const pg = primaryPg();
      pg.senders[0] = { ...pg.senders[0]!, lagBytes: 200 * 1024 * 1024, replayLagSeconds: 4 };
      p.a.postgres = set(pg);
    },
    verdict: 'degraded',
    codes: ['replication-lag'],
    message: /Replication lag to lab-b: 200 MiB, 4 s \(thresholds 16.0 MiB, 30 s\)/,
  },
  {
    name: 'lag over the time threshold, seen from the standby when the primary shows no sender',
    change: (p) => {
      p.a.postgres = set({ ...primaryPg(), senders: [] });
      const pg = p.b.postgres!;
      if (pg.known) p.b.postgres = set({ ...pg.value, replayLagSeconds: 95, replayBacklogBytes: 1024 });
    },
    verdict: 'degraded',
    codes: ['replication-lag'],
    message: /lab-b replays 1 min 35 s behind/,
  },
  {
    name: 'an inactive slot retaining WAL on the primary',
    change: (p) => {
      const pg = primaryPg();
      pg.slots = [{ name: 'old_standby', type: 'physical', active: false, retainedBytes: 2 * 1024 ** 3 }];
      p.a.postgres = set(pg);
    },
    verdict: 'degraded',
    codes: ['slot-inactive'],
    message: /old_standby on lab-a is inactive and retains 2.00 GiB/,
  },
  {
    name: 'no primary at all: A down, B still a standby',
    change: (p) => {
      p.a.postgres = unknown('PostgreSQL is not running');
    },
    verdict: 'critical',
    codes: ['no-primary'],
    message: /No PostgreSQL primary: lab-a does not answer \(PostgreSQL is not running\), lab-b is a standby/,
  },
  {
    name: 'VIP held by nobody',
    change: (p) => {
      p.a.vip = set({ address: '198.18.0.10', holds: false, interface: null });
    },
    verdict: 'critical',
    codes: ['vip-missing'],
  },
  {
    name: 'VIP on the standby after a failover that did not move it',
    change: (p) => {
      p.a.vip = set({ address: '198.18.0.10', holds: false, interface: null });
      p.b.vip = set({ address: '198.18.0.10', holds: true, interface: 'eth0' });
    },
    verdict: 'critical',
    codes: ['vip-on-standby'],
    message: /The VIP 198.18.0.10 is on lab-b, a PostgreSQL standby/,
  },
  {
    name: 'sync sizes differ over the threshold',
    change: (p) => {
      p.b.sync = set([{ path: '/var/lib/labsync', bytes: 3_000_000 }]);
    },
    verdict: 'degraded',
    codes: ['sync-diff'],
    message: /\/var\/lib\/labsync differs by 910 KiB \(23.7%\): lab-a 3.75 MiB, lab-b 2.86 MiB/,
  },
  {
    name: 'sync sizes differ under the threshold',
    change: (p) => {
      p.b.sync = set([{ path: '/var/lib/labsync', bytes: 3_900_000 }]);
    },
    verdict: 'healthy',
    codes: [],
  },
  {
    name: 'Redis stopped on the master',
    change: (p) => {
      p.a.redis = unknown('Redis is not running (Could not connect to Redis at 127.0.0.1:6379: Connection refused)');
      p.b.redis = set({ ...replicaRedis(), masterLinkStatus: 'down' });
    },
    verdict: 'degraded',
    codes: ['redis-down', 'redis-link-down'],
  },
  {
    name: 'a Redis replica behind, as its master sees it',
    change: (p) => {
      const m = masterRedis();
      m.replicas[0] = { ...m.replicas[0]!, lagBytes: 100 * 1024 * 1024 };
      p.a.redis = set(m);
    },
    verdict: 'degraded',
    codes: ['redis-lag'],
    message: /Redis replica 198.18.0.12:6379 is 100 MiB behind the master on lab-a/,
  },
  {
    name: 'a service meant for the primary only is not a problem on the standby',
    verdict: 'healthy',
    codes: [],
  },
  {
    name: 'a primary-only service down on the primary',
    change: (p) => {
      p.a.services = set([
        { name: 'postgresql', active: true, detail: '' },
        { name: 'celerybeat', active: false, detail: 'process celerybeat: none' },
      ]);
    },
    verdict: 'degraded',
    codes: ['service-down'],
  },
  {
    name: 'MongoDB without a PRIMARY',
    change: (p) => {
      for (const n of [p.a, p.b]) {
        const m = n.mongodb!;
        if (m.known) n.mongodb = set({ ...m.value, members: m.value.members.map((x) => ({ ...x, stateStr: 'SECONDARY' })) });
      }
    },
    verdict: 'critical',
    codes: ['mongodb-no-primary'],
  },
  {
    name: 'a stale backup',
    change: (p) => {
      for (const n of [p.a, p.b])
        n.backups = set({
          dir: '/var/backups/rapidpro',
          latest: { name: 'rapidpro-20261120_0000.sql', bytes: 1, modifiedAt: '2026-11-20T00:00:00Z', ageSeconds: 2 * 86400 },
          count: 3,
        });
    },
    verdict: 'degraded',
    codes: ['backup-stale'],
  },
  {
    name: 'a skewed clock',
    change: (p) => {
      const h = p.b.host;
      if (h.known) p.b.host = set({ ...h.value, clockSkewMs: -7000 });
    },
    verdict: 'degraded',
    codes: ['clock-skew'],
    message: /lab-b's clock is 7 s off/,
  },
  {
    name: 'B unreachable, last good data known',
    nodes: (p) => ({ a: reachable(p.a), b: unreachable('b', 'connection lost: keepalive timeout', p.b) }),
    verdict: 'unreachable',
    codes: ['node-unreachable'],
    message: /lab-b unreachable: connection lost: keepalive timeout; last good data \d\d:\d\d:\d\d \(\d+ s ago\)/,
  },
  {
    name: 'an unreachable node never makes "no primary" when the other is a standby',
    nodes: () => ({ a: unreachable('a', 'connect timed out after 10 s'), b: reachable(healthyNode('b', 'standby')) }),
    verdict: 'unreachable',
    codes: ['node-unreachable'],
  },
  {
    name: 'both unreachable',
    nodes: () => ({ a: unreachable('a', 'refused'), b: unreachable('b', 'refused') }),
    verdict: 'unreachable',
    codes: ['node-unreachable', 'node-unreachable'],
  },
  {
    name: 'with one node unseen, rules that need both nodes stay silent',
    nodes: (p) => {
      p.a.vip = set({ address: '198.18.0.10', holds: false, interface: null });
      return { a: reachable({ ...p.a, postgres: unknown('PostgreSQL is not running') }), b: unreachable('b', 'host key changed') };
    },
    verdict: 'unreachable',
    codes: ['node-unreachable'],
  },
  {
    name: 'two masters: the primary-only celerybeat runs on the standby too',
    change: (p) => {
      p.b.services = set([
        { name: 'postgresql', active: true, detail: 'process postgres: 7 running' },
        { name: 'celerybeat', active: true, detail: 'process celerybeat: 1 running' },
      ]);
    },
    verdict: 'critical',
    codes: ['two-masters'],
    message: /TWO MASTERS: celerybeat runs on both lab-a and lab-b/,
  },
  {
    name: 'a service that runs on both nodes by design is no two masters',
    def: {
      ...def,
      components: {
        ...def.components,
        services: [
          { name: 'postgresql', process: 'postgres', run_on: 'both' },
          { name: 'celerybeat', run_on: 'both' },
        ],
      },
    },
    change: (p) => {
      p.b.services = set([
        { name: 'postgresql', active: true, detail: 'process postgres: 7 running' },
        { name: 'celerybeat', active: true, detail: 'process celerybeat: 1 running' },
      ]);
      p.a.services = p.b.services;
    },
    verdict: 'healthy',
    codes: [],
  },
  {
    name: 'critical outranks unreachable: the primary declared itself failed, the standby is unseen',
    nodes: (p) => {
      p.a.roleFiles = set({ role: 'master', status: 'failure' });
      return { a: reachable(p.a), b: unreachable('b', 'connection lost') };
    },
    verdict: 'critical',
    codes: ['node-unreachable', 'status-not-working'],
    message: /lab-a status file says failure/,
  },
];

for (const c of cases) {
  test(`assessment: ${c.name}`, () => {
    const p = healthyPair();
    c.change?.(p);
    const nodes = c.nodes ? c.nodes(p) : { a: reachable(p.a), b: reachable(p.b) };
    const r = assess({ nodes }, c.def ?? def, NOW);
    assert.deepEqual(r.findings.map((f) => f.code).sort(), [...c.codes].sort(), JSON.stringify(r.findings, null, 1));
    assert.equal(r.verdict, c.verdict);
    if (c.message)
      assert.ok(
        r.findings.some((f) => c.message!.test(f.message)),
        r.findings.map((f) => f.message).join('\n'),
      );
  });
}

test('two masters says which node to stop it on', () => {
  const p = healthyPair();
  p.b.services = known([
    { name: 'postgresql', active: true, detail: '' },
    { name: 'celerybeat', active: true, detail: '' },
  ]);
  const r = assess({ nodes: { a: reachable(p.a), b: reachable(p.b) } }, def, NOW);
  const f = r.findings.find((x) => x.code === 'two-masters');
  assert.match(f?.advice ?? '', /Stop celerybeat on lab-b, the node that is not the primary \(lab-a is, by PostgreSQL\)/);
});

test('split brain carries advice on what to do first', () => {
  const p = healthyPair();
  p.b.postgres = known({ ...primaryPg(), timeline: 2 });
  const r = assess({ nodes: { a: reachable(p.a), b: reachable(p.b) } }, def, NOW);
  assert.equal(r.splitBrain, true);
  assert.match(r.findings[0]!.advice ?? '', /^Fence one node first/);
  assert.equal(r.roles.primary, null);
});

test('roles come from PostgreSQL, then the VIP, then the role file', () => {
  const p = healthyPair();
  assert.deepEqual(assess({ nodes: { a: reachable(p.a), b: reachable(p.b) } }, def, NOW).roles, {
    primary: 'a',
    standby: 'b',
    basis: 'PostgreSQL',
  });
  p.a.postgres = unknown('x');
  p.b.postgres = unknown('x');
  assert.equal(assess({ nodes: { a: reachable(p.a), b: reachable(p.b) } }, def, NOW).roles.basis, 'VIP holder');
});

// Wazo: each node has its own writable PostgreSQL; two primaries is the normal state.
const independentDef = {
  ...def,
  vip: undefined,
  components: {
    ...def.components,
    postgres: { ...def.components.postgres!, independent: true },
    keepalived: undefined,
    repmgr: undefined,
  },
};

function independentPair(): Pair {
  const p = healthyPair();
  for (const id of ['a', 'b'] as const) {
    p[id].postgres = known({ ...primaryPg('none'), senders: [], slots: [] });
    delete p[id].vip;
    delete p[id].keepalived;
    delete p[id].repmgr;
  }
  return p;
}

test('independent databases: two PostgreSQL primaries are healthy, not SPLIT BRAIN; roles come from the role files', () => {
  const p = independentPair();
  const r = assess({ nodes: { a: reachable(p.a), b: reachable(p.b) } }, independentDef, NOW);
  assert.equal(r.verdict, 'healthy', JSON.stringify(r.findings));
  assert.equal(r.splitBrain, false);
  assert.deepEqual(r.roles, { primary: 'a', standby: 'b', basis: 'role file' });
  // The same pair without the declaration is the split brain it always was.
  const paired = assess(
    { nodes: { a: reachable(p.a), b: reachable(p.b) } },
    { ...independentDef, components: { ...independentDef.components, postgres: def.components.postgres } },
    NOW,
  );
  assert.ok(paired.splitBrain);
});

test('independent databases: a PostgreSQL that does not answer is still reported, and two master role files are still SPLIT BRAIN', () => {
  const p = independentPair();
  p.b.postgres = unknown('PostgreSQL is not running', 'not-running');
  p.b.roleFiles = known({ role: 'master', status: 'working' });
  const r = assess({ nodes: { a: reachable(p.a), b: reachable(p.b) } }, independentDef, NOW);
  const codes = r.findings.map((f) => f.code).sort();
  assert.deepEqual(codes, ['postgres-down', 'split-brain-role-files']);
  assert.match(r.findings.find((f) => f.code === 'postgres-down')!.message, /PostgreSQL does not answer on lab-b/);
});
