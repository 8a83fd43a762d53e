// `hapilot watch` in a real terminal with no keyboard (stdin from /dev/null) on the real lab: it
// shows both nodes, survives B's network being cut (a stale banner, never an exit), reconnects by
// itself and recovers the display, and gives the terminal back on SIGTERM.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LAB, REPO } from '../support/lab.js';
import { Terminal } from '../support/tty.js';
import { terminalSuite, currentRoles, HAPILOT, INTERVAL_S, labHealthy, paneOf, roleWord, twoRefreshesMs, withLinkDown } from './support.js';

const COLS = 120;
const ROWS = 40;
const configDir = mkdtempSync(path.join(tmpdir(), 'hapilot-e2e-watch-'));

terminalSuite();

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

test('the wallboard without a keyboard survives B being cut off, reconnects by itself, and gives the terminal back on SIGTERM', async () => {
  const t = await Terminal.open({ columns: COLS, rows: ROWS, cwd: REPO, env: { HAPILOT_CONFIG_DIR: configDir } });
  const pidFile = path.join(configDir, 'watch.pid');
  try {
    await t.run('clear; echo BEFORE-$((6*7))');
    await t.waitFor(/BEFORE-42/, 'the marker');
    await t.startRecordingPid([...HAPILOT, 'watch', '--cluster', LAB.clusterFile, '--interval', String(INTERVAL_S)], pidFile, {
      stdinFromNull: true,
    });
    const roles = await currentRoles();
    const word = (n: 'a' | 'b') => roleWord(roles.primary === n ? 'primary' : 'standby');
    await t.waitFor((s) => s.includes(`lab-a  ${word('a')}`) && s.includes(`lab-b  ${word('b')}`), 'both nodes with their roles', 30_000);
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    assert.ok(await t.alternateScreen());
    const screen = await t.screen();
    assert.match(screen, /hapilot watch cluster lab {3}READ-ONLY/);
    assert.match(screen, /█/, 'the verdict in block letters');

    let shownAfter = 0;
    await withLinkDown('b', async () => {
      const t0 = Date.now();
      const s = await t.waitFor(
        /STALE: lab-b not answering since \d\d:\d\d:\d\d · last good data \d\d:\d\d:\d\d · reconnecting by itself/,
        'the stale banner',
        twoRefreshesMs(),
      );
      shownAfter = Date.now() - t0;
      assert.match(paneOf(s, 'b', COLS), /NOT ANSWERING/);
      // Left cut off for a while longer: still running, still showing it.
      await new Promise((r) => setTimeout(r, 5000));
      assert.ok(alive(pid), 'never exits on connection loss');
      assert.match(await t.screen(), /STALE: lab-b/);
    });
    console.log(`# wallboard: B's cut shown after ${shownAfter} ms`);
    const back = await t.waitFor((s) => !s.includes('STALE') && s.includes(`lab-b  ${word('b')}`), 'the board recovered', 90_000);
    assert.match(paneOf(back, 'b', COLS), /ssh connected/);
    assert.ok(alive(pid));

    process.kill(pid, 'SIGTERM');
    const end = await t.waitFor(/EXIT=143/, 'the exit', 10_000);
    assert.equal(await t.alternateScreen(), false, 'the alternate screen was left');
    assert.match(end, /BEFORE-42/);
  } finally {
    await t.close();
    assert.ok(await labHealthy(), 'the lab is healthy again');
  }
});

test('without a terminal, watch prints a line when the verdict changes, and stops on SIGTERM', async () => {
  const { execa } = await import('execa');
  const p = execa(
    path.join(REPO, 'node_modules/.bin/node'),
    [path.join(REPO, 'dist/cli.js'), 'watch', '--cluster', LAB.clusterFile, '--interval', '1'],
    {
      env: { ...process.env, HAPILOT_CONFIG_DIR: configDir },
      stdin: 'ignore',
      reject: false,
    },
  );
  let out = '';
  p.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  const deadline = Date.now() + 20_000;
  while (!/ lab (HEALTHY|DEGRADED|CRITICAL|UNREACHABLE|SPLIT BRAIN)/.test(out) && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 100));
  assert.match(out, /^\d\d:\d\d:\d\d lab (HEALTHY|DEGRADED|CRITICAL|UNREACHABLE|SPLIT BRAIN)/m);
  p.kill('SIGTERM');
  const r = await p;
  assert.equal(r.exitCode, 143);
  assert.equal(out.trim().split('\n').length, 1, 'one line: the verdict did not change');
});
