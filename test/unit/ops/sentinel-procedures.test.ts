// When Sentinel manages Redis, the procedures move the master with SENTINEL FAILOVER and wait for
// every Sentinel to agree, never a replicaof behind its back; without Sentinel, nothing changes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadProcedures } from '../../../src/ops/load-procedures.js';
import { buildPlan, planRecord } from '../../../src/ops/plan.js';
import { evaluate, type Observation } from '../../../src/ops/predicates.js';
import { parseCluster } from '../../../src/config/load-cluster.js';
import { assess } from '../../../src/cluster/assessment.js';
import { known } from '../../../src/cluster/facts.js';
import { healthyPair, reachable, NOW } from '../../support/facts.js';
import { decidedSite } from '../../support/site.js';
import type { Procedure } from '../../../src/ops/procedure-schema.js';
import type { ClusterDefinition } from '../../../src/config/schema.js';

const cluster = (extra: string) =>
  parseCluster(
    `name: oml\nnodes: { a: { alias: lab-a }, b: { alias: lab-b } }\ncomponents:\n  postgres: { version: 15 }\n  redis: {}\n${extra}`,
    '/x/oml.yaml',
  ).def;
const withSentinel = cluster('  sentinel: { port: 26379, master: mymaster }\n');
const plain = cluster('');
const nodes = {
  a: { id: 'a' as const, name: 'lab-a', address: '198.18.0.11' },
  b: { id: 'b' as const, name: 'lab-b', address: '198.18.0.12' },
};
const roles = { primary: 'a' as const, standby: 'b' as const, basis: 'test' };
/** A plan as on the lab's default site (what the site look found there: test/fixtures/site). */
const sitePlan = (procedure: Procedure, def: ClusterDefinition) => {
  const site = decidedSite('default', def, nodes, roles);
  return buildPlan(procedure, def, site.nodes, roles, site.lines);
};

const applying = (name: string, def: typeof plain) =>
  planRecord(sitePlan(loadProcedures().get(name)!.procedure, def), def)
    .filter((r) => !r.condition?.startsWith('skipped'))
    .map((r) => r.stepId);

for (const name of ['switchover', 'failover', 'rejoin']) {
  test(`${name}: with Sentinel no replicaof step applies; without it, no Sentinel step does`, () => {
    const s = applying(name, withSentinel);
    const p = applying(name, plain);
    for (const id of ['redis-master', 'redis-replica', 'redis-old-primary']) assert.ok(!s.includes(id), `${id} applies under Sentinel`);
    assert.ok(!p.some((id) => id.startsWith('redis-sentinel')));
    if (name !== 'rejoin') {
      assert.ok(s.includes('redis-sentinel-failover') && s.includes('redis-sentinel-moved'));
      assert.ok(p.includes('redis-master'));
    }
    // Failover leaves the old primary's Redis to the rejoin; the others wait until Redis replicates.
    if (name !== 'failover') assert.ok(s.includes('redis-follows'), 'it waits until Redis replicates');
  });
}

test('the SENTINEL FAILOVER step resolves the port and master name, and judges the reply, not the exit status', () => {
  const rec = planRecord(sitePlan(loadProcedures().get('switchover')!.procedure, withSentinel), withSentinel);
  const step = rec.find((r) => r.stepId === 'redis-sentinel-failover')!;
  assert.deepEqual(step.nodes, ['lab-b']);
  assert.match(step.commands[0]!, /^hp_sentinel_port='26379'\nhp_sentinel_master='mymaster'\n/);
  assert.match(step.commands[0]!, /out=\$\(redis-cli -p "\$\{hp_sentinel_port\}" SENTINEL FAILOVER "\$\{hp_sentinel_master\}"\)/);
  assert.match(step.commands[0]!, /\[ "\$out" = OK \]/);
});

test('sentinel-master-on holds only when every Sentinel that answers names the node', () => {
  const p = healthyPair();
  const view = (ip: string) =>
    known({
      master: { name: 'mymaster', ip, port: 6379, flags: ['master'], numSlaves: 1, numOtherSentinels: 1, quorum: 2 },
      ckquorum: known({ ok: true, message: 'OK 2 usable Sentinels.' }),
    });
  p.a.sentinel = view('198.18.0.12');
  p.b.sentinel = view('198.18.0.11');
  const obs = (): Observation => ({
    facts: { a: p.a, b: p.b },
    unreachable: {},
    assessment: assess({ nodes: { a: reachable(p.a), b: reachable(p.b) } }, withSentinel, NOW),
  });
  const ctx = { def: withSentinel, nodes, roles, render: (t: string) => t };
  const r = evaluate({ is: 'sentinel-master-on', node: 'standby' }, obs(), ctx);
  assert.equal(r.ok, false);
  assert.equal(r.detail, 'lab-a: 198.18.0.12:6379; lab-b: 198.18.0.11:6379');
  p.b.sentinel = view('198.18.0.12');
  assert.equal(evaluate({ is: 'sentinel-master-on', node: 'standby' }, obs(), ctx).ok, true);
});
