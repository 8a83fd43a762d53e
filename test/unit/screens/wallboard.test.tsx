// The wallboard is cheap to leave running: a frame only when what it shows changed, nothing that
// ticks, no keyboard needed; and it recovers the display when a node comes back.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { Wallboard } from '../../../src/screens/watch/Wallboard.js';
import { healthyPair, reachable, unreachable, NOW } from '../../support/facts.js';
import { healthyState, renderAt, settled, stateOf, TestFeed, tick, type Rendered } from './support.js';

let r: Rendered | null = null;
afterEach(() => {
  r?.unmount();
  r = null;
});

test('rounds that change nothing visible draw no frame; a change draws one; recovery draws the healthy board again', async () => {
  const feed = new TestFeed(healthyState());
  // No keyboard: stdin is not a terminal, as with </dev/null.
  r = renderAt(<Wallboard feed={feed} onQuit={() => {}} size={{ columns: 120, rows: 40 }} />, { columns: 120, rows: 40, keyboard: false });
  const first = await settled(r.stdout);
  assert.match(r.lastFrame(), /█ {3}█ █████ {2}███ {2}█ {5}█████ █ {3}█ █ {3}█/, 'HEALTHY in block letters');

  // 50 more rounds with the same facts, collected later (within the minute the header shows): nothing on the board changes.
  for (let i = 1; i <= 50; i++) {
    const p = healthyPair();
    const later = (f: typeof p.a) => ({ ...f, collectedAt: new Date(NOW + i * 1000).toISOString(), roundTripMs: 100 + (i % 7) });
    feed.set(stateOf({ a: reachable(later(p.a)), b: reachable(later(p.b)) }));
  }
  assert.equal(await settled(r.stdout), first, 'no new frame for rounds that change nothing shown');

  const p = healthyPair();
  feed.set(stateOf({ a: reachable(p.a), b: unreachable('b', 'lab-b: connection lost (no answer to 3 keepalives)', p.b) }));
  assert.equal(await settled(r.stdout), first + 1, 'one frame for the change');
  assert.match(r.lastFrame(), /STALE: lab-b not answering/);

  feed.set(healthyState());
  await tick(50);
  assert.doesNotMatch(r.lastFrame(), /STALE/);
  assert.match(r.lastFrame(), /lab-b {2}STANDBY/, 'recovered');
});

test('no timer of its own: nothing is drawn between rounds', async () => {
  const feed = new TestFeed(healthyState());
  r = renderAt(<Wallboard feed={feed} onQuit={() => {}} size={{ columns: 100, rows: 30 }} />, { columns: 100, rows: 30, keyboard: false });
  const n = await settled(r.stdout);
  await tick(1200);
  assert.equal(r.stdout.frames.length, n);
});
