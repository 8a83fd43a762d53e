// The refresh loop's bookkeeping: last good data kept and labelled, outage start time, recovery,
// bounded history, one round at a time. The probe here is a plain function standing for a round.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Monitor } from '../../../src/cluster/monitor.js';
import type { NodeFacts, NodeId } from '../../../src/cluster/facts.js';
import { labLikeDefinition as def, healthyNode, NOW } from '../../support/facts.js';

function setup(historySize = 60) {
  let clock = NOW;
  const down = new Set<NodeId>();
  let calls = 0;
  let concurrent = 0;
  let maxConcurrent = 0;
  const probe = async (node: NodeId): Promise<NodeFacts> => {
    calls++;
    concurrent++;
    maxConcurrent = Math.max(maxConcurrent, concurrent);
    await new Promise((r) => setTimeout(r, 5));
    concurrent--;
    if (down.has(node)) throw new Error('connection lost: keepalive timeout');
    const f = healthyNode(node, node === 'a' ? 'primary' : 'standby');
    return { ...f, collectedAt: new Date(clock).toISOString() };
  };
  const m = new Monitor(def, { probe, nodeName: (n) => `lab-${n}`, now: () => clock }, 1000, historySize);
  return { m, down, tick: (ms: number) => (clock += ms), calls: () => calls, maxConcurrent: () => maxConcurrent };
}

test('a node that stops answering is shown unreachable with its last good data and when it went away', async () => {
  const s = setup();
  await s.m.refresh();
  assert.equal(s.m.state().assessment.verdict, 'healthy');
  const goodAt = s.m.state().snapshot.nodes.b;
  assert.ok(goodAt.reachable);

  s.tick(2000);
  s.down.add('b');
  await s.m.refresh();
  const b1 = s.m.state().snapshot.nodes.b;
  assert.equal(b1.reachable, false);
  if (b1.reachable) return;
  assert.equal(b1.reason, 'connection lost: keepalive timeout');
  assert.equal(b1.since, new Date(NOW + 2000).toISOString());
  assert.equal(b1.lastGood?.collectedAt, new Date(NOW).toISOString());
  assert.equal(s.m.state().assessment.verdict, 'unreachable');

  s.tick(2000);
  await s.m.refresh();
  const b2 = s.m.state().snapshot.nodes.b;
  assert.ok(!b2.reachable && b2.since === b1.since, 'the outage start does not move');
  assert.ok(!b2.reachable && b2.lastGood?.collectedAt === new Date(NOW).toISOString());

  s.down.delete('b');
  s.tick(2000);
  await s.m.refresh();
  assert.ok(s.m.state().snapshot.nodes.b.reachable);
  assert.equal(s.m.state().assessment.verdict, 'healthy');
});

test('lag history is bounded and records a gap for a round without data', async () => {
  const s = setup(5);
  for (let i = 0; i < 8; i++) {
    s.tick(1000);
    if (i === 6) s.down.add('b');
    await s.m.refresh();
  }
  const h = s.m.state().history.b.values();
  assert.equal(h.length, 5);
  assert.deepEqual({ bytes: h.at(-1)!.bytes, seconds: h.at(-1)!.seconds }, { bytes: null, seconds: null });
  assert.equal(h.at(-3)!.bytes, 0);
});

test('one round at a time: refresh during a round joins it', async () => {
  const s = setup();
  await Promise.all([s.m.refresh(), s.m.refresh(), s.m.refresh()]);
  assert.equal(s.calls(), 2, 'one probe per node');
  assert.equal(s.m.state().rounds, 1);
});

test('subscribers hear about every completed round', async () => {
  const s = setup();
  const seen: number[] = [];
  const off = s.m.subscribe((st) => seen.push(st.rounds));
  await s.m.refresh();
  await s.m.refresh();
  off();
  await s.m.refresh();
  assert.deepEqual(seen, [1, 2]);
});
