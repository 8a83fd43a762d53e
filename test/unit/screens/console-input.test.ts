// The console's commands one at a time, without Ink: the screen's state and the effect each gives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CONSOLE_START, consoleInput, type ConsoleInputContext } from '../../../src/screens/console/console-input.js';

const ctx: ConsoleInputContext = { logEntries: 5, intervalMs: 2000, resumable: false };

test('? toggles the help, v every finding, l the log (following the newest entry), Esc closes help and log', () => {
  const help = consoleInput(CONSOLE_START, 'help', ctx);
  assert.deepEqual(help, { ui: { ...CONSOLE_START, help: true }, effect: null });
  assert.equal(consoleInput(help.ui, 'help', ctx).ui.help, false);
  assert.equal(consoleInput(CONSOLE_START, 'findings', ctx).ui.allFindings, true);
  const log = consoleInput({ ...CONSOLE_START, selected: 2 }, 'log', ctx).ui;
  assert.deepEqual(log, { ...CONSOLE_START, logOpen: true, selected: null });
  assert.deepEqual(consoleInput({ ...log, help: true }, 'close', ctx).ui, { ...log, help: false, logOpen: false });
});

test('↑/↓ move in an open log only; at the newest entry the selection follows new ones again', () => {
  const open = { ...CONSOLE_START, logOpen: true };
  const up = consoleInput(open, 'log-up', ctx).ui;
  assert.equal(up.selected, 3, 'one before the newest of five');
  assert.equal(consoleInput({ ...open, selected: 0 }, 'log-up', ctx).ui.selected, 0, 'stops at the oldest');
  assert.equal(consoleInput(up, 'log-down', ctx).ui.selected, null, 'back at the newest: follows');
  assert.equal(consoleInput(CONSOLE_START, 'log-up', ctx).ui.selected, null, 'a closed log does not move');
  assert.equal(consoleInput(open, 'log-up', { ...ctx, logEntries: 0 }).ui.selected, null, 'an empty log does not move');
});

test('refresh, reconnect, redraw and quit are effects; + and - move the interval by a second within 1 s..1 h', () => {
  for (const c of ['refresh', 'reconnect', 'redraw', 'quit'] as const) {
    assert.deepEqual(consoleInput(CONSOLE_START, c, ctx), { ui: CONSOLE_START, effect: { kind: c } });
  }
  assert.deepEqual(consoleInput(CONSOLE_START, 'slower', ctx).effect, { kind: 'interval', ms: 3000 });
  assert.deepEqual(consoleInput(CONSOLE_START, 'faster', ctx).effect, { kind: 'interval', ms: 1000 });
  assert.deepEqual(consoleInput(CONSOLE_START, 'faster', { ...ctx, intervalMs: 1000 }).effect, { kind: 'interval', ms: 1000 });
  assert.deepEqual(consoleInput(CONSOLE_START, 'slower', { ...ctx, intervalMs: 3600_000 }).effect, { kind: 'interval', ms: 3600_000 });
});

test('p opens the procedures (the unfinished runs first when there are some); S F J T their procedure; the help closes', () => {
  const withHelp = { ...CONSOLE_START, help: true };
  assert.deepEqual(consoleInput(withHelp, 'procedures', ctx), { ui: CONSOLE_START, effect: { kind: 'wizard', start: { kind: 'pick' } } });
  assert.deepEqual(consoleInput(CONSOLE_START, 'procedures', { ...ctx, resumable: true }).effect, {
    kind: 'wizard',
    start: { kind: 'resume' },
  });
  for (const name of ['switchover', 'failover', 'rejoin', 'takeover'] as const) {
    assert.deepEqual(consoleInput(withHelp, name, ctx), {
      ui: CONSOLE_START,
      effect: { kind: 'wizard', start: { kind: 'procedure', name } },
    });
  }
});
