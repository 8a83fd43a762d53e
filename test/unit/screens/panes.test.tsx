// Both node panes from constructed facts: roles, PostgreSQL senders and receiver with lag,
// Redis, MongoDB, sync sizes with their difference, the VIP holder, the connection, and the
// same wording as `hapilot status` (node-rows.ts).
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { Dashboard } from '../../../src/screens/console/Dashboard.js';
import { consoleKeys } from '../../../src/screens/console/keys.js';
import { NodePane } from '../../../src/screens/components/NodePane.js';
import { known } from '../../../src/cluster/facts.js';
import { healthyPair, reachable, labLikeDefinition as def } from '../../support/facts.js';
import { modelOf, renderAt, stateOf, type Rendered } from './support.js';
import { nodeRows } from '../../../src/view/node-rows.js';
import { compareSync, SyncHistory } from '../../../src/cluster/sync-compare.js';

let r: Rendered | null = null;
afterEach(() => {
  r?.unmount();
  r = null;
});

const dashboard = (model: ReturnType<typeof modelOf>, columns = 120, rows = 40) =>
  renderAt(
    <Dashboard
      model={model}
      width={columns}
      height={rows}
      keys={consoleKeys(model.readOnly)}
      help={false}
      log={null}
      hostKey={null}
      notice={null}
    />,
    { columns, rows },
  );

test('a healthy pair: both panes side by side with roles, replication, Redis, MongoDB, VIP and sync', () => {
  const p = healthyPair();
  const model = modelOf(stateOf({ a: reachable(p.a), b: reachable(p.b) }, def, { a: [0, 0, 8 * 1024 * 1024, 0], b: [0, 0, 0, 0] }));
  r = dashboard(model, 160, 40);
  const out = r.lastFrame();
  const lines = r.lines();
  const titles = lines.find((l) => l.includes('lab-a  PRIMARY'));
  assert.ok(titles, out);
  assert.match(titles!, /lab-b {2}STANDBY/, 'B on the same line as A: side by side');
  assert.match(out, /HEALTHY/);
  assert.match(out, /→ lab-b streaming async · lag 0 B/, 'primary: the WAL sender with state and lag');
  assert.match(out, /← streaming from 198\.18\.0\.11 \(slot repmgr_slot_2\)/, 'standby: the WAL receiver and its sender');
  assert.match(out, /replay lag\s+0 s · backlog 0 B/);
  assert.match(out, /master · 1 replica/);
  assert.match(out, /replica of 198\.18\.0\.11:6379 · link up/);
  assert.match(out, /PRIMARY \(rs0\) · lab-b:27017 SECONDARY/);
  assert.match(out, /HOLDS \(eth0\)/);
  assert.match(out, /\/var\/lib\/labsync 3\.75 MiB · same on both/);
  assert.match(out, /ssh connected/);
  // The lag sparkline with its current value.
  assert.match(out, /lag\s+[▁▂▃▄▅▆▇█ ]*█[▁▂▃▄▅▆▇█ ]* 0 B/);
});

test('the panes use the wording of hapilot status (node-rows)', () => {
  const p = healthyPair();
  const model = modelOf(stateOf({ a: reachable(p.a), b: reachable(p.b) }));
  r = renderAt(<NodePane pane={model.panes.b} width={100} height={30} bordered />, { columns: 100, rows: 30 });
  const out = r.lastFrame();
  for (const row of nodeRows(p.b, def).filter((x) => x.key !== 'sync.0')) assert.ok(out.includes(row.text), `missing "${row.text}"`);
});

test('sizes of a sync directory that differ show the difference', () => {
  const p = healthyPair();
  const b = { ...p.b, sync: known([{ path: '/var/lib/labsync', bytes: 3_932_175 - 2048 }]) };
  const model = modelOf(stateOf({ a: reachable(p.a), b: reachable(b) }));
  r = dashboard(model);
  assert.match(r.lastFrame(), /3\.75 MiB · Δ \+2\.00 KiB/);
  assert.match(r.lastFrame(), /Δ -2\.00 KiB/);
});

test('a role file that disagrees with the live role is flagged in the pane title', () => {
  const p = healthyPair();
  const b = { ...p.b, roleFiles: known({ role: 'master', status: 'working' }) };
  const model = modelOf(stateOf({ a: reachable(p.a), b: reachable(b) }));
  assert.equal(model.panes.b.roleNote, '≠ role file "master"');
  assert.equal(model.panes.b.roleTone, 'bad');
  r = dashboard(model);
  assert.match(r.lastFrame(), /STANDBY {2}≠ role file "master"/);
});

test('each connection state is shown: connecting, lost with the retry, refused with the host-key message', () => {
  const p = healthyPair();
  const state = stateOf({ a: reachable(p.a), b: reachable(p.b) });
  const NOW = Date.parse(p.a.collectedAt);
  const refused =
    '@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\n@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\nThe ssh-ed25519 host key presented by lab-b is NOT the one known_hosts holds for it.';
  const model = modelOf(state, {
    connections: {
      a: {
        state: 'lost',
        reason: 'no answer to 3 keepalives',
        since: new Date(NOW).toISOString(),
        nextAttemptAt: new Date(NOW + 4000).toISOString(),
      },
      b: { state: 'refused', reason: refused, since: new Date(NOW).toISOString() },
    },
  });
  assert.equal(model.panes.a.connection.line, 'lost: no answer to 3 keepalives · retry in 4 s');
  assert.match(model.panes.b.connection.line, /^REFUSED: The ssh-ed25519 host key presented by lab-b is NOT/);
  r = dashboard(model, 160, 40);
  assert.match(r.lastFrame(), /REMOTE HOST IDENTIFICATION HAS CHANGED/, 'the whole refusal is shown');
  assert.equal(
    modelOf(state, { connections: { a: { state: 'connecting', attempt: 2, since: '' }, b: { state: 'idle' } } }).panes.a.connection.line,
    'connecting (attempt 2)',
  );
});

test('each first-level subdirectory shows its difference, and the trend across rounds says still syncing or in step', () => {
  const p = healthyPair();
  const subdirs = (recordings: number) => [
    { name: 'config', bytes: 4115 },
    { name: 'recordings', bytes: recordings },
  ];
  const a = { ...p.a, sync: known([{ path: '/var/lib/labsync', bytes: 3_153_939 + 4096, subdirs: subdirs(3_149_824) }]) };
  const b = { ...p.b, sync: known([{ path: '/var/lib/labsync', bytes: 1_004_115 + 4096, subdirs: subdirs(1_000_000) }]) };
  const history = new SyncHistory(10);
  // Two rounds ago B had 1 MB less in recordings: the difference shrinks, the copy still runs.
  const before = { ...b, sync: known([{ path: '/var/lib/labsync', bytes: 4115 + 4096, subdirs: subdirs(0) }]) };
  history.add(1, compareSync(a, before));
  history.add(2, compareSync(a, b));
  const state = { ...stateOf({ a: reachable(a), b: reachable(b) }), sync: history.trends(compareSync(a, b)) };
  r = dashboard(modelOf(state), 200, 50);
  const out = r.lastFrame();
  assert.match(out, /recordings 3\.00 MiB · Δ \+2\.05 MiB · syncing/, out);
  assert.match(out, /recordings 977 KiB · Δ -2\.05 MiB · syncing/, out);
  assert.match(out, /config 4\.02 KiB · same on both · in step/, out);
});
