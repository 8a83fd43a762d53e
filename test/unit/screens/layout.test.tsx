// Layout: at 80 columns the panes stack, wider they sit side by side; at 80x24 everything fits
// in 24 lines, the least important rows giving way first with a count of what is hidden.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { Dashboard } from '../../../src/screens/console/Dashboard.js';
import { consoleKeys } from '../../../src/screens/console/keys.js';
import { Console } from '../../../src/screens/console/Console.js';
import { HostKeyBroker } from '../../../src/screens/host-key-broker.js';
import { CommandLog } from '../../../src/transport/command-log.js';
import { fitRows, paneArea } from '../../../src/screens/layout.js';
import { wrapText } from '../../../src/format/text.js';
import type { PaneRow } from '../../../src/screens/pane-model.js';
import { healthyState, modelOf, renderAt, settled, TestFeed, type Rendered } from './support.js';

let r: Rendered | null = null;
afterEach(() => {
  r?.unmount();
  r = null;
});

const at = (columns: number, rows: number) =>
  renderAt(
    <Dashboard
      model={modelOf(healthyState())}
      width={columns}
      height={rows}
      keys={consoleKeys(false)}
      help={false}
      log={null}
      hostKey={null}
      notice={null}
    />,
    { columns, rows },
  );

test('80 columns: the panes stack, A above B, and all of it fits in 24 lines', () => {
  r = at(80, 24);
  const lines = r.lines();
  assert.equal(lines.length, 24, 'exactly the terminal height');
  for (const l of lines) assert.ok(l.length <= 80, `fits 80 columns: "${l}"`);
  const a = lines.findIndex((l) => l.includes('lab-a  PRIMARY'));
  const b = lines.findIndex((l) => l.includes('lab-b  STANDBY'));
  assert.ok(a >= 0 && b > a, 'B below A');
  assert.ok(!lines[a]!.includes('lab-b'), 'not side by side');
  // The rows that matter survive; what is left out is said.
  const out = lines.join('\n');
  assert.match(out, /replication/);
  assert.match(out, /HOLDS/);
  assert.match(out, /\+\d+ hidden: /);
  assert.match(lines.at(-1)!, /<\?> help/, 'the hints on the last line');
});

test('120 columns: side by side', () => {
  r = at(120, 40);
  const line = r.lines().find((l) => l.includes('lab-a  PRIMARY'))!;
  assert.match(line, /lab-b {2}STANDBY/);
});

test('the console re-lays out when the terminal is resized', async () => {
  const feed = new TestFeed(healthyState());
  r = renderAt(
    <Console feed={feed} log={new CommandLog()} hostKeys={new HostKeyBroker()} readOnly={false} wizard={null} onQuit={() => {}} />,
    { columns: 120, rows: 40 },
  );
  await new Promise((res) => setTimeout(res, 30));
  assert.match(r.lines().find((l) => l.includes('lab-a  PRIMARY'))!, /lab-b {2}STANDBY/);
  r.stdout.columns = 80;
  r.stdout.rows = 24;
  r.stdout.emit('resize');
  // Until the frames stop coming: a fixed 50 ms was too short on a loaded machine.
  await settled(r.stdout);
  const lines = r.lines();
  assert.ok(!lines.find((l) => l.includes('lab-a  PRIMARY'))!.includes('lab-b'), 'stacked after the resize');
  assert.ok(lines.length <= 24);
});

test('paneArea and fitRows: the arithmetic', () => {
  assert.deepEqual(paneArea(80, 20), { stacked: true, paneWidth: 80, paneHeight: 10 });
  assert.deepEqual(paneArea(120, 30), { stacked: false, paneWidth: 60, paneHeight: 30 });
  const row = (key: string, priority: number): PaneRow => ({ key, label: key, text: key, tone: 'plain', priority });
  const rows = [row('role', 0), row('host', 2), row('postgres', 0), row('backups', 3), row('redis', 1), row('repmgr', 3)];
  assert.deepEqual(fitRows(rows, 10).hidden, []);
  const f = fitRows(rows, 4);
  assert.deepEqual(
    f.shown.map((x) => x.key),
    ['role', 'postgres', 'redis'],
  );
  assert.deepEqual(f.hidden, ['host', 'backups', 'repmgr']);
  assert.deepEqual(wrapText('one two three four', 9), ['one two', 'three', 'four']);
});
