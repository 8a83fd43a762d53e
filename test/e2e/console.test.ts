// `hapilot` in a real terminal (tmux) on the real lab: both nodes with their roles, keys, resize,
// a stopped PostgreSQL and a cut network showing within two refreshes and recovering, and the
// terminal given back on q, Ctrl-C, SIGTERM and SIGHUP. The lab is restored after each break.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LAB, REPO } from '../support/lab.js';
import { Terminal } from '../support/tty.js';
import {
  terminalSuite,
  currentRoles,
  HAPILOT,
  INTERVAL_S,
  labHealthy,
  paneOf,
  roleWord,
  twoRefreshesMs,
  withLinkDown,
  withPostgresStopped,
} from './support.js';

const COLS = 120;
const ROWS = 40;
const configDir = mkdtempSync(path.join(tmpdir(), 'hapilot-e2e-conf-'));

terminalSuite();

/** A terminal with hapilot running in it; `pid` is hapilot's own process. */
async function startConsole(args: string[] = [], size = { columns: COLS, rows: ROWS }) {
  const t = await Terminal.open({ ...size, cwd: REPO, env: { HAPILOT_CONFIG_DIR: configDir } });
  const pidFile = path.join(configDir, `pid-${Date.now()}`);
  await t.run('clear; echo BEFORE-$((6*7))');
  await t.waitFor(/BEFORE-42/, 'the marker before hapilot');
  await t.startRecordingPid([...HAPILOT, '--cluster', LAB.clusterFile, '--interval', String(INTERVAL_S), ...args], pidFile);
  const roles = await currentRoles();
  const screen = await t.waitFor(
    (s) =>
      s.includes(`lab-a  ${roleWord(roles.primary === 'a' ? 'primary' : 'standby')}`) &&
      s.includes(`lab-b  ${roleWord(roles.primary === 'b' ? 'primary' : 'standby')}`),
    'both panes with their roles',
    30_000,
  );
  return { t, screen, roles, pid: () => Number(readFileSync(pidFile, 'utf8').trim()) };
}

async function assertTerminalRestored(t: Terminal, exit: RegExp) {
  const s = await t.waitFor(exit, `hapilot to exit (${exit})`, 10_000);
  assert.equal(await t.alternateScreen(), false, 'the alternate screen was left');
  assert.match(s, /BEFORE-42/, 'the screen from before hapilot is back');
  await t.run('echo AFTER-$((1+1))');
  await t.waitFor(/AFTER-2/, 'the shell to read a line again (raw mode is off)');
}

test('the console shows both nodes with their current roles, ? opens the help, q gives the terminal back', async () => {
  const { t, screen } = await startConsole();
  try {
    assert.ok(await t.alternateScreen(), 'full screen, in the alternate screen');
    assert.match(screen, /hapilot cluster lab {2}read-write {2}refresh 2 s/);
    await t.waitFor(/ssh connected[\s\S]*ssh connected/, 'both connections up');
    await t.keys('?');
    await t.waitFor(/hapilot help — keys/, 'the help');
    await t.keys('?');
    await t.waitFor((s) => !s.includes('hapilot help') && s.includes('lab-a'), 'the help closed');
    await t.keys('l');
    // Rounds go over each node's persistent probe session: one long-running entry per node.
    await t.waitFor(
      (s) =>
        /Command log · \d+ kept/.test(s) && ['a', 'b'].every((n) => new RegExp(`lab-${n}\\s+probe\\s+… running\\s+probe session`).test(s)),
      'the command log with the probe sessions',
    );
    await t.keys('q');
    await assertTerminalRestored(t, /EXIT=0/);
  } finally {
    await t.close();
  }
});

test('read-only: READ-ONLY in the header, no procedure in the hints', async () => {
  const { t, screen } = await startConsole(['--read-only']);
  try {
    assert.match(screen, / READ-ONLY /);
    assert.doesNotMatch(screen, /procedures|switchover|failover/);
    await t.keys('q');
    await assertTerminalRestored(t, /EXIT=0/);
  } finally {
    await t.close();
  }
});

test('a resize re-lays out: side by side at 120 columns, stacked at 80x24, and back', async () => {
  const { t } = await startConsole();
  try {
    const side = (s: string) => s.split('\n').some((l) => l.includes('lab-a  ') && l.includes('lab-b  '));
    assert.ok(side(await t.screen()));
    await t.resize(80, 24);
    const stacked = await t.waitFor((s) => !side(s) && /lab-a {2}[A-Z]/.test(s) && /lab-b {2}[A-Z]/.test(s), 'the panes stacked');
    const lines = stacked.split('\n');
    assert.ok(
      lines.indexOf(lines.find((l) => l.includes('lab-a  '))!) < lines.indexOf(lines.find((l) => l.includes('lab-b  '))!),
      'A above B',
    );
    assert.ok(lines.every((l) => l.length <= 80));
    assert.match(stacked, /<\?> help/, 'the hints are still on screen');
    await t.resize(COLS, ROWS);
    await t.waitFor(side, 'side by side again');
    await t.keys('q');
    await assertTerminalRestored(t, /EXIT=0/);
  } finally {
    await t.close();
  }
});

test('PostgreSQL stopped on the standby shows within two refreshes, and the pane recovers when it starts', async () => {
  const { t, roles } = await startConsole();
  const node = roles.standby;
  try {
    await t.waitFor((s) => /← streaming/.test(paneOf(s, node, COLS)), "the standby's receiver streaming", 20_000);
    let shownAfter = 0;
    await withPostgresStopped(node, async () => {
      const t0 = Date.now();
      await t.waitFor((s) => /PostgreSQL\s+down or unknown/.test(paneOf(s, node, COLS)), 'PostgreSQL down in the pane', twoRefreshesMs());
      shownAfter = Date.now() - t0;
      await t.waitFor(/CRITICAL|DEGRADED/, 'the verdict to change', twoRefreshesMs());
    });
    console.log(`# PostgreSQL stop on ${node} shown after ${shownAfter} ms (interval ${INTERVAL_S} s)`);
    await t.waitFor(
      (s) => /← streaming/.test(paneOf(s, node, COLS)) && /STANDBY/.test(paneOf(s, node, COLS)),
      'the standby streaming again',
      60_000,
    );
    await t.keys('q');
    await assertTerminalRestored(t, /EXIT=0/);
  } finally {
    await t.close();
    assert.ok(await labHealthy(), 'the lab is healthy again');
  }
});

test("B's network cut shows B unreachable within two refreshes, and the console recovers when it is back", async () => {
  const { t } = await startConsole();
  try {
    let shownAfter = 0;
    await withLinkDown('b', async () => {
      const t0 = Date.now();
      const s = await t.waitFor((x) => /NOT ANSWERING since/.test(paneOf(x, 'b', COLS)), 'B not answering', twoRefreshesMs());
      shownAfter = Date.now() - t0;
      const b = paneOf(s, 'b', COLS);
      assert.match(b, /UNREACHABLE/);
      assert.match(b, /Last good data: \d\d:\d\d:\d\d \([\d.]+ s ago\), then (PRIMARY|STANDBY)/);
      assert.doesNotMatch(b, /Redis|replication/, 'no stale values that look live');
    });
    console.log(`# B's network cut shown after ${shownAfter} ms (two refreshes may take ${twoRefreshesMs()} ms)`);
    await t.waitFor((s) => /lab-b {2}(PRIMARY|STANDBY)/.test(s) && /ssh connected/.test(paneOf(s, 'b', COLS)), 'B back', 90_000);
    await t.keys('q');
    await assertTerminalRestored(t, /EXIT=0/);
  } finally {
    await t.close();
    assert.ok(await labHealthy(), 'the lab is healthy again');
  }
});

test('Ctrl-C, SIGTERM and SIGHUP each give the terminal back', async () => {
  for (const [how, exit] of [
    ['C-c', /EXIT=0/],
    ['TERM', /EXIT=143/],
    ['HUP', /EXIT=129/],
  ] as const) {
    const { t, pid } = await startConsole();
    try {
      if (how === 'C-c') await t.keys('C-c');
      else process.kill(pid(), `SIG${how}`);
      await assertTerminalRestored(t, exit);
    } finally {
      await t.close();
    }
  }
});
