// Keys as data: each screen's key table is what its help and hints show and what its input
// handler takes. A key in the table does something; a key not in it does nothing at all; no key
// is bound twice (the second binding would be listed and dead).
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import {
  commandFor,
  hintsLine,
  keyMatches,
  keyName,
  keysFor,
  rowKeys,
  type KeyPress,
  type KeyRow,
  type KeySpec,
} from '../../../src/screens/key-bindings.js';
import { CONSOLE_COMMANDS, CONSOLE_KEYS, consoleKeys, HOST_KEY_KEYS } from '../../../src/screens/console/keys.js';
import { CONSOLE_START, consoleInput } from '../../../src/screens/console/console-input.js';
import { WALLBOARD_KEYS } from '../../../src/screens/watch/keys.js';
import { INTERRUPT_KEYS, WIZARD_KEYS } from '../../../src/screens/wizard/keys.js';
import { YES_NO_KEYS, yesNo } from '../../../src/screens/yes-no.js';
import { Console } from '../../../src/screens/console/Console.js';
import { Wallboard } from '../../../src/screens/watch/Wallboard.js';
import { HelpOverlay } from '../../../src/screens/components/HelpOverlay.js';
import { fitHints } from '../../../src/screens/components/KeyHints.js';
import { HostKeyBroker } from '../../../src/screens/host-key-broker.js';
import { CommandLog } from '../../../src/transport/command-log.js';
import { healthyState, KEY, renderAt, settled, TestFeed, type Rendered } from './support.js';

let r: Rendered | null = null;
afterEach(() => {
  r?.unmount();
  r = null;
});

const NONE: KeyPress = { ctrl: false, return: false, escape: false, upArrow: false, downArrow: false, pageUp: false, pageDown: false };

/** The input and flags Ink gives for a key of a table. */
function pressOf(k: KeySpec<string>): { input: string; press: KeyPress } {
  if ('named' in k) return { input: '', press: { ...NONE, [k.named]: true } };
  return { input: k.char, press: { ...NONE, ctrl: Boolean(k.ctrl) } };
}

/** The bytes a terminal sends for a key of a table. */
const BYTES: Record<string, string> = {
  Enter: '\r',
  Esc: '\u001B',
  '↑': '\u001B[A',
  '↓': '\u001B[B',
  PgUp: '\u001B[5~',
  PgDn: '\u001B[6~',
};
function bytesOf(k: KeySpec<string>): string {
  if ('named' in k) return BYTES[keyName(k)]!;
  return k.ctrl ? String.fromCharCode(k.char.toUpperCase().charCodeAt(0) - 64) : k.char;
}

function assertNoKeyTwice(name: string, rows: readonly KeyRow<string>[]): void {
  const seen = new Map<string, string>();
  for (const row of rows)
    for (const k of row.keys) {
      const id = 'named' in k ? k.named : `${k.ctrl ? 'ctrl+' : ''}${k.char}`;
      assert.ok(!seen.has(id), `${name}: ${keyName(k)} is bound twice (${seen.get(id)} and ${k.does})`);
      seen.set(id, k.does);
    }
}

test('a key is matched by what Ink reports: Ctrl-L is not l, a named key by its flag, an unlisted key gives nothing', () => {
  const rows: KeyRow<'log' | 'redraw' | 'close'>[] = [
    { keys: [{ char: 'l', does: 'log' }], hint: 'log', help: '' },
    { keys: [{ char: 'l', ctrl: true, does: 'redraw' }], hint: 'redraw', help: '' },
    { keys: [{ named: 'escape', does: 'close' }], hint: null, help: '' },
  ];
  assert.equal(commandFor(rows, 'l', NONE), 'log');
  assert.equal(commandFor(rows, 'l', { ...NONE, ctrl: true }), 'redraw');
  assert.equal(commandFor(rows, '', { ...NONE, escape: true }), 'close');
  assert.equal(commandFor(rows, 'L', NONE), null);
  assert.equal(commandFor(rows, 'x', NONE), null);
  assert.ok(!keyMatches({ char: 'l', does: 'log' }, 'l', { ...NONE, ctrl: true }));
  assert.equal(
    rowKeys({
      keys: [
        { char: '+', does: 'x' },
        { char: '=', does: 'x' },
        { char: '-', does: 'y' },
      ],
      hint: null,
      help: '',
    }),
    '+/=/-',
  );
  assert.equal(hintsLine(rows), '<l> log  <Ctrl-L> redraw');
  assert.equal(keysFor(rows, 'close'), 'Esc');
});

test('no key is bound twice in any table', () => {
  assertNoKeyTwice('console', CONSOLE_KEYS);
  assertNoKeyTwice('host-key question', HOST_KEY_KEYS);
  assertNoKeyTwice('wallboard', WALLBOARD_KEYS);
  for (const [phase, rows] of Object.entries(WIZARD_KEYS)) assertNoKeyTwice(`wizard ${phase}`, rows);
});

test('every console command has a key, and every key of the table changes the screen or asks something of it', () => {
  const given = new Set(CONSOLE_KEYS.flatMap((r) => r.keys.map((k) => k.does)));
  assert.deepEqual(
    CONSOLE_COMMANDS.filter((c) => !given.has(c)),
    [],
    'commands without a key',
  );
  // A console with the log open on the middle of three entries: every command then does something.
  const ui = { ...CONSOLE_START, logOpen: true, selected: 1 };
  for (const row of CONSOLE_KEYS)
    for (const k of row.keys) {
      const { input, press } = pressOf(k);
      const command = commandFor(consoleKeys(false), input, press);
      assert.equal(command, k.does, `${keyName(k)} gives ${k.does}`);
      const step = consoleInput(ui, command!, { logEntries: 3, intervalMs: 2000, resumable: false });
      assert.ok(step.effect !== null || JSON.stringify(step.ui) !== JSON.stringify(ui), `${keyName(k)} (${k.does}) does nothing`);
    }
});

test('the help lists every key of the table with what it does; the hints show the rows with a hint, quit last', async () => {
  for (const readOnly of [false, true]) {
    const keys = consoleKeys(readOnly);
    r = renderAt(<HelpOverlay keys={keys} readOnly={readOnly} width={160} height={40} />, { columns: 160, rows: 40 });
    await settled(r.stdout, 40);
    const lines = r.lines();
    for (const row of keys) {
      assert.ok(
        lines.some((l) => l.includes(` ${rowKeys(row)} `) && l.includes(row.help)),
        `help line for ${rowKeys(row)}: ${row.help}`,
      );
    }
    assert.match(r.lastFrame(), /hapilot help — keys \(\? or Esc closes\)/);
    r.unmount();
    r = null;
    const hints = fitHints(keys, 1000);
    assert.deepEqual(
      hints.map((h) => h.hint),
      keys.filter((k) => k.hint !== null).map((k) => k.hint),
    );
    assert.equal(hints.at(-1)!.hint, 'quit');
    assert.equal(fitHints(keys, 30).at(-1)!.hint, 'quit', 'quit stays when the line is short');
  }
});

test('the console: a key that is not in its table does nothing at all', async () => {
  const feed = new TestFeed(healthyState());
  let quit = 0;
  let redrawn = 0;
  r = renderAt(
    <Console
      feed={feed}
      log={new CommandLog()}
      hostKeys={new HostKeyBroker()}
      readOnly
      wizard={null}
      onQuit={() => quit++}
      onRedraw={() => redrawn++}
    />,
    { columns: 120, rows: 40 },
  );
  const before = await settled(r.stdout);
  const frame = r.lastFrame();
  const keys = consoleKeys(true);
  const listed = new Set(keys.flatMap((row) => row.keys.map(bytesOf)));
  // Every printable character, every Ctrl-letter but Ctrl-C, and the named keys hapilot binds somewhere.
  const all = [
    ...Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)),
    ...Array.from({ length: 26 }, (_, i) => String.fromCharCode(i + 1)).filter((c) => c !== '\u0003'),
    ...Object.values(BYTES),
  ];
  const unlisted = all.filter((k) => !listed.has(k));
  assert.ok(unlisted.includes('p') && unlisted.includes('S') && unlisted.includes('Q'), 'read-only: the procedure keys are not listed');
  for (const k of unlisted) r.stdin.write(k);
  assert.equal(await settled(r.stdout), before, 'no frame drawn');
  assert.equal(r.lastFrame(), frame);
  assert.deepEqual(
    { quit, redrawn, refreshed: feed.refreshed, interval: feed.interval },
    { quit: 0, redrawn: 0, refreshed: 0, interval: 2000 },
  );
  // And the listed ones do: Ctrl-L redraws, + slows the refresh, q quits.
  await r.press('\u000C', '+', 'q');
  assert.deepEqual({ quit, redrawn, interval: feed.interval }, { quit: 1, redrawn: 1, interval: 3000 });
});

test('the host-key question takes only its answer and Ctrl-C; its prompt shows the same keys', async () => {
  assert.equal(yesNo('y', NONE), true);
  assert.equal(yesNo('', { ...NONE, return: true }), false);
  assert.equal(yesNo('q', NONE), null);
  assert.equal(commandFor(HOST_KEY_KEYS, 'q', NONE), null, 'q does not quit while the question is open');
  assert.equal(commandFor(HOST_KEY_KEYS, 'c', { ...NONE, ctrl: true }), 'quit');
  const broker = new HostKeyBroker();
  r = renderAt(
    <Console feed={new TestFeed(healthyState())} log={new CommandLog()} hostKeys={broker} readOnly wizard={null} onQuit={() => {}} />,
    {
      columns: 140,
      rows: 40,
    },
  );
  const answer = broker.ask({ host: 'lab-b', port: 22, keyType: 'ssh-ed25519', fingerprint: 'SHA256:x' });
  await settled(r.stdout, 40);
  for (const row of YES_NO_KEYS) assert.ok(r.lastFrame().includes(`${rowKeys(row)} ${row.hint}`), `${rowKeys(row)} ${row.hint}`);
  await r.press('?', 'q', KEY.escape);
  assert.equal(await answer, false, 'Esc is no; ? and q were not taken');
  assert.doesNotMatch(r.lastFrame(), /hapilot help/);
});

test('the wallboard takes q and Ctrl-C to leave, and nothing else', async () => {
  let quit = 0;
  r = renderAt(<Wallboard feed={new TestFeed(healthyState())} onQuit={() => quit++} size={{ columns: 120, rows: 40 }} />, {
    columns: 120,
    rows: 40,
  });
  const before = await settled(r.stdout);
  for (const k of ['?', 'l', 'r', 'p', 'S', '\r', '\u001B', '\u000C']) r.stdin.write(k);
  assert.equal(await settled(r.stdout), before);
  assert.equal(quit, 0);
  await r.press('q', KEY.ctrlC);
  assert.equal(quit, 2);
  assert.equal(rowKeys(WALLBOARD_KEYS[0]!), 'q/Ctrl-C');
});

test("the wizard: every key of a phase is in that phase's hints line (the wizard has no other help)", () => {
  for (const [phase, rows] of Object.entries(WIZARD_KEYS)) {
    const line = hintsLine(rows);
    for (const row of rows) {
      assert.notEqual(row.hint, null, `wizard ${phase}: ${rowKeys(row)} has no hint`);
      assert.ok(line.includes(`<${rowKeys(row)}> ${row.hint}`), `wizard ${phase}: ${rowKeys(row)} in "${line}"`);
    }
    assert.ok(
      rows.some((row) => row.keys.some((k) => 'char' in k && k.ctrl && k.char === 'c')),
      `wizard ${phase}: Ctrl-C is taken`,
    );
  }
  assert.equal(hintsLine(WIZARD_KEYS.pick), '<↑/↓> choose  <Enter> plan  <Esc> dashboard  <q/Ctrl-C> quit');
  assert.equal(hintsLine(INTERRUPT_KEYS), '<Ctrl-C> abort, twice: quit');
});
