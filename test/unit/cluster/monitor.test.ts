// The refresh loop's bookkeeping: last good data kept and labelled, outage start time, recovery,
// bounded history, one round per node at a time, a hung node never freezing the other, and a
// silent node shown before its round's time limit. The probe here is a plain function standing
// for a round.
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
  const probe = async (node: NodeId, hooks: { onAnswer: () => void }): Promise<NodeFacts> => {
    calls++;
    if (!down.has(node)) hooks.onAnswer();
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

test("subscribers hear about every node's finished round", async () => {
  const s = setup();
  const seen: number[] = [];
  const off = s.m.subscribe((st) => seen.push(st.rounds));
  await s.m.refresh();
  await s.m.refresh();
  off();
  await s.m.refresh();
  // Two reports per refresh (one per node); "rounds" counts the least-heard node.
  assert.deepEqual(seen, [0, 1, 1, 2]);
});

/** A Monitor on the real clock whose node B hangs (no output, no end) until released. */
function hangingB(intervalMs: number) {
  let release: (() => void) | null = null;
  const probe = (node: NodeId, hooks: { onAnswer: () => void }): Promise<NodeFacts> => {
    if (node === 'b' && hang) return new Promise((_, reject) => (release = () => reject(new Error('timed out after 10000 ms'))));
    hooks.onAnswer();
    return Promise.resolve({ ...healthyNode(node, node === 'a' ? 'primary' : 'standby'), collectedAt: new Date().toISOString() });
  };
  let hang = false;
  const m = new Monitor(def, { probe, nodeName: (n) => `lab-${n}` }, intervalMs);
  return { m, hangB: () => (hang = true), release: () => release?.() };
}

test('a node that does not answer at all is shown after a refresh interval, long before its round times out', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'setInterval', 'Date'] });
  const h = hangingB(2000);
  await h.m.refresh();
  assert.equal(h.m.state().assessment.verdict, 'healthy');
  h.hangB();
  const round = h.m.refresh();
  t.mock.timers.tick(1999);
  await Promise.resolve();
  assert.ok(h.m.state().snapshot.nodes.b.reachable, 'not before the limit');
  t.mock.timers.tick(1);
  const b = h.m.state().snapshot.nodes.b;
  assert.equal(b.reachable, false);
  if (b.reachable) return;
  assert.equal(b.reason, 'no answer for 2.0 s (the probe round is still waiting)');
  assert.ok(b.lastGood, 'the last good data is kept, labelled as such');
  assert.equal(h.m.state().assessment.verdict, 'unreachable');
  h.release();
  await round;
  const after = h.m.state().snapshot.nodes.b;
  assert.ok(!after.reachable && after.reason === 'timed out after 10000 ms' && after.since === b.since, 'the outage start does not move');
});

test("a hung node never freezes the other node's data", async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'setInterval', 'Date'] });
  const h = hangingB(1000);
  const seenA: string[] = [];
  h.m.subscribe((s) => {
    const a = s.snapshot.nodes.a;
    if (a.reachable && seenA.at(-1) !== a.facts.collectedAt) seenA.push(a.facts.collectedAt);
  });
  h.hangB();
  h.m.start();
  for (let i = 0; i < 5; i++) {
    t.mock.timers.tick(1000);
    for (let j = 0; j < 5; j++) await Promise.resolve();
  }
  h.m.stop();
  assert.ok(seenA.length >= 4, `A refreshed ${seenA.length} times while B hung`);
  assert.equal(h.m.state().snapshot.nodes.b.reachable, false);
  h.release();
});

test('first round: a node fills as its sections arrive, and partial facts are never kept as last good data', async () => {
  let fail = false;
  const seen: string[] = [];
  const probe = async (node: NodeId, hooks: { onAnswer: () => void; onPartial?: (f: NodeFacts) => void }): Promise<NodeFacts> => {
    const f = healthyNode(node, node === 'a' ? 'primary' : 'standby');
    hooks.onPartial?.({ ...f, postgres: { known: false, reason: 'waiting for the node to answer' } });
    await new Promise((r) => setTimeout(r, 5));
    if (fail) throw new Error('connection lost');
    return f;
  };
  const m = new Monitor(def, { probe, nodeName: (n) => `lab-${n}`, now: () => NOW }, 1000);
  m.subscribe((s) => {
    const a = s.snapshot.nodes.a;
    seen.push(a.reachable ? (a.facts.postgres?.known ? 'full' : 'partial') : 'none');
  });
  const first = m.refresh();
  assert.equal(m.state().snapshot.nodes.a.reachable, true, 'shown before the round ends');
  assert.equal(m.state().rounds, 0, 'and the verdict still waits for whole rounds');
  await first;
  assert.ok(seen.includes('partial') && seen.at(-1) === 'full');

  // A later round's partial facts do not replace whole ones.
  seen.length = 0;
  await m.refresh();
  assert.ok(!seen.includes('partial'));

  // A first round that fails after partial facts: unreachable, with no last good data from it.
  const m2 = new Monitor(def, { probe, nodeName: (n) => `lab-${n}`, now: () => NOW }, 1000);
  fail = true;
  await m2.refresh();
  const a = m2.state().snapshot.nodes.a;
  assert.equal(a.reachable, false);
  if (!a.reachable) assert.equal(a.lastGood, null);
});
