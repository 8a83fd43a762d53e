// Read-only mode: unmistakable in the header, and the procedure wizards' entry points are absent
// (not shown disabled); their keys do nothing and the wizard is never loaded.
import { test, afterEach } from 'node:test';
import { Text } from 'ink';
import assert from 'node:assert/strict';
import { Console } from '../../../src/screens/console/Console.js';
import { consoleKeys } from '../../../src/screens/console/keys.js';
import { HostKeyBroker } from '../../../src/screens/host-key-broker.js';
import { CommandLog } from '../../../src/transport/command-log.js';
import type { WizardEntry } from '../../../src/screens/console/wizard-entry.js';
import { healthyState, renderAt, TestFeed, tick, type Rendered } from './support.js';

let r: Rendered | null = null;
afterEach(() => {
  r?.unmount();
  r = null;
});

const feed = () => {
  return new TestFeed(healthyState());
};

test('the key list of a read-only console has no procedure at all', () => {
  const ro = consoleKeys(true).map((k) => k.hint);
  const rw = consoleKeys(false).map((k) => k.hint);
  for (const h of ['procedures', 'switchover', 'failover', 'rejoin', 'takeover']) {
    assert.ok(rw.includes(h));
    assert.ok(!ro.includes(h), `${h} absent in read-only`);
  }
});

test('a read-only console says READ-ONLY, lists no wizard, and p does nothing', async () => {
  r = renderAt(<Console feed={feed()} log={new CommandLog()} hostKeys={new HostKeyBroker()} readOnly wizard={null} onQuit={() => {}} />, {
    columns: 120,
    rows: 40,
  });
  await tick();
  const out = r.lastFrame();
  assert.match(out.split('\n')[0]!, / READ-ONLY /);
  const hints = r.lines().at(-1)!;
  assert.match(hints, /<\?> help/);
  assert.doesNotMatch(out, /procedures|switchover|failover|rejoin|takeover/i);
  await r.press('p', 'S');
  assert.match(r.lastFrame(), /lab-a {2}PRIMARY/, 'still the dashboard');
  await r.press('?');
  assert.match(r.lastFrame(), /READ-ONLY: this console cannot change a node/);
  assert.doesNotMatch(r.lastFrame(), /switchover/);
});

test('a read-write console lists the wizards in its hints and opens one on p', async () => {
  let loads = 0;
  const wizard: WizardEntry = {
    load: async () => {
      loads++;
      return {
        // biome-ignore lint/correctness/noComponentHookFactories: a stand-in screen made once by this test's loader
        Screen: ({ start }) => <Text>{`WIZARD ${start.kind}${start.kind === 'procedure' ? ` ${start.name}` : ''}`}</Text>,
        resumable: () => [],
      };
    },
  };
  r = renderAt(
    <Console feed={feed()} log={new CommandLog()} hostKeys={new HostKeyBroker()} readOnly={false} wizard={wizard} onQuit={() => {}} />,
    { columns: 160, rows: 40 },
  );
  await tick();
  const hints = r.lines().at(-1)!;
  assert.match(hints, /<p> procedures/);
  assert.match(hints, /<S> switchover/);
  assert.match(r.lastFrame().split('\n')[0]!, /read-write/);
  await tick(100);
  assert.ok(loads >= 1, 'loaded after the first frame, to look for unfinished runs');
  await r.press('S');
  await tick(50);
  assert.match(r.lastFrame(), /WIZARD procedure switchover/);
});

test('keys: ? toggles the help, l the command log, r refreshes, q quits', async () => {
  const f = feed();
  const log = new CommandLog();
  const id = log.start({
    node: 'b',
    nodeName: 'lab-b',
    cmd: { kind: 'probe', label: 'probe round', text: 'bash -s', stdin: '#!/bin/bash\necho hi\n' },
  });
  log.finish(id, { durationMs: 321, exitCode: 0 });
  let quit = 0;
  r = renderAt(<Console feed={f} log={log} hostKeys={new HostKeyBroker()} readOnly wizard={null} onQuit={() => quit++} />, {
    columns: 120,
    rows: 40,
  });
  await tick();
  await r.press('?');
  assert.match(r.lastFrame(), /hapilot help/);
  await r.press('?');
  assert.doesNotMatch(r.lastFrame(), /hapilot help/);
  await r.press('l');
  assert.match(r.lastFrame(), /Command log · 1 kept/);
  assert.match(r.lastFrame(), /lab-b\s+probe\s+✓ 0\s+321 ms\s+probe round: bash -s < #!\/bin\/bash \(script, 2 lines\)/);
  await r.press('r');
  assert.equal(f.refreshed, 1);
  await r.press('q');
  assert.equal(quit, 1);
});

test('an unknown host key is put to the operator with its fingerprint; Enter refuses', async () => {
  const broker = new HostKeyBroker();
  r = renderAt(<Console feed={feed()} log={new CommandLog()} hostKeys={broker} readOnly wizard={null} onQuit={() => {}} />, {
    columns: 120,
    rows: 40,
  });
  await tick();
  const answer = broker.ask({
    host: '198.18.0.12',
    port: 22,
    keyType: 'ssh-ed25519',
    fingerprint: 'SHA256:abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  });
  await tick();
  assert.match(r.lastFrame(), /Unknown host key for 198\.18\.0\.12/);
  assert.match(r.lastFrame(), /ssh-ed25519 SHA256:abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG/);
  await r.press('\r');
  assert.equal(await answer, false, 'the default is No');
  const second = broker.ask({ host: 'lab-a', port: 2222, keyType: 'ssh-ed25519', fingerprint: 'SHA256:x' });
  await tick();
  assert.match(r.lastFrame(), /\[lab-a\]:2222/);
  await r.press('y');
  assert.equal(await second, true);
});
