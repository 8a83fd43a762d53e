// A node that does not answer: its pane says so, since when, and how old its last good data is,
// and shows none of its old values as if they were live. The wallboard adds a stale banner.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { Dashboard } from '../../../src/screens/console/Dashboard.js';
import { consoleKeys } from '../../../src/screens/console/keys.js';
import { WallboardView } from '../../../src/screens/watch/WallboardView.js';
import { formatClock } from '../../../src/format/units.js';
import { healthyPair, reachable, unreachable, NOW } from '../../support/facts.js';
import { modelOf, renderAt, stateOf, type Rendered } from './support.js';

let r: Rendered | null = null;
afterEach(() => {
  r?.unmount();
  r = null;
});

function bDown() {
  const p = healthyPair();
  const lastGood = { ...p.b, collectedAt: new Date(NOW - 35_000).toISOString() };
  return stateOf({ a: reachable(p.a), b: unreachable('b', 'lab-b: "probe round" timed out after 10000 ms', lastGood) });
}

test('the pane of an unreachable node: not answering, since when, last good data and its age, no values', () => {
  const m = modelOf(bDown());
  r = renderAt(
    <Dashboard model={m} width={120} height={40} keys={consoleKeys(false)} help={false} log={null} hostKey={null} notice={null} />,
    { columns: 120, rows: 40 },
  );
  const out = r.lastFrame();
  const lines = r.lines();
  const title = lines.find((l) => l.includes('lab-a  PRIMARY'))!;
  assert.match(title, /lab-b {2}UNREACHABLE/);
  assert.match(out, new RegExp(`NOT ANSWERING since ${formatClock(NOW - 30_000)}`));
  assert.match(out, /timed out after 10000 ms/);
  assert.match(out, new RegExp(`Last good data: ${formatClock(NOW - 35_000)} \\(35 s ago\\), then STANDBY`));
  // B's old values are not on screen: only A's rows are.
  assert.equal(out.match(/replica of 198\.18\.0\.11/g), null, "B's Redis row is not shown");
  assert.equal(out.match(/← streaming/g), null, "B's receiver is not shown");
  assert.equal((out.match(/Role file/g) ?? []).length, 1, 'only A has rows');
  assert.match(out, /UNREACHABLE/);
});

test('a node never reached: last good data never', () => {
  const p = healthyPair();
  const m = modelOf(stateOf({ a: reachable(p.a), b: unreachable('b', 'cannot connect: connect ETIMEDOUT 198.18.0.12:22') }));
  assert.equal(m.panes.b.unreachable?.lastGood, null);
  r = renderAt(
    <Dashboard model={m} width={120} height={40} keys={consoleKeys(false)} help={false} log={null} hostKey={null} notice={null} />,
    { columns: 120, rows: 40 },
  );
  assert.match(r.lastFrame(), /Last good data: never/);
});

test('the wallboard: a stale banner with the last good time, the verdict in large letters', () => {
  const m = modelOf(bDown(), { steady: true, readOnly: true });
  r = renderAt(<WallboardView model={m} width={120} height={40} />, { columns: 120, rows: 40 });
  const out = r.lastFrame();
  assert.match(
    out,
    new RegExp(
      `STALE: lab-b not answering since ${formatClock(NOW - 30_000)} · last good data ${formatClock(NOW - 35_000)} · reconnecting by itself`,
    ),
  );
  assert.match(out, /█ {3}█ █ {3}█ ████ {2}█████/, 'UNREACHABLE in block letters');
  assert.match(out, /READ-ONLY/);
  // Steady: no ticking "35 s ago" (a frame every second on a screen nobody touches).
  assert.doesNotMatch(out, /s ago/);
});

test('before the first round a node is connecting, not unreachable', () => {
  const p = healthyPair();
  const state = { ...stateOf({ a: unreachable('a', 'not probed yet'), b: reachable(p.b) }), rounds: 0 };
  const m = modelOf(state);
  assert.equal(m.verdict.title, 'CONNECTING');
  assert.equal(m.panes.a.role, 'CONNECTING');
  assert.equal(m.panes.a.unreachable, null);
  assert.equal(m.stale, null);
  r = renderAt(
    <Dashboard model={m} width={120} height={40} keys={consoleKeys(false)} help={false} log={null} hostKey={null} notice={null} />,
    { columns: 120, rows: 40 },
  );
  assert.match(r.lastFrame(), /first probe round…/);
  assert.doesNotMatch(r.lastFrame(), /NOT ANSWERING/);
});
