// A switchover from the console, as an operator drives it at the default grain (issue 17): the
// questions are counted as they appear on the screen, every one shows its commands, and the run
// succeeds with nothing lost. The lab is put back with a scripted takeover.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LAB, REPO } from '../support/lab.js';
import { Terminal } from '../support/tty.js';
import { hapilot, statusJson } from '../support/hapilot.js';
import { VipWriter } from '../support/writer.js';
import { assertZeroLoss, ensureNominal } from '../integration/ops/helpers.js';
import { terminalSuite, HAPILOT, INTERVAL_S } from './support.js';

terminalSuite();

const configDir = mkdtempSync(path.join(tmpdir(), 'hapilot-e2e-sw-'));
const journal = mkdtempSync(path.join(tmpdir(), 'hapilot-e2e-sw-journal-'));

/** The open question, read off the screen: which kind, and the line that names it. */
function question(screen: string): { kind: 'typed' | 'yes'; line: string } | null {
  const typed = screen.match(/DESTRUCTIVE on (lab-[ab]): .*/);
  if (typed && /Type the node's name/.test(screen)) return { kind: 'typed', line: typed[0].trim() };
  const gate = screen.match(/(PHASE|CHANGE): .*/);
  if (gate && /(Run it\?|Run (this change|these \d+ changes) in order\?)/.test(screen)) return { kind: 'yes', line: gate[0].trim() };
  return null;
}

async function pressUntil(t: Terminal, key: string, next: RegExp, what: string): Promise<void> {
  for (let i = 0; ; i++) {
    await t.keys(key);
    try {
      await t.waitFor(next, what, 5000);
      return;
    } catch (e) {
      if (i === 5) throw e;
    }
  }
}

test('a console switchover asks at most six questions at the default grain: the lock, two typed names, the phases', async () => {
  await ensureNominal();
  const writer = new VipWriter('console-switchover');
  writer.start();
  const t = await Terminal.open({
    columns: 140,
    rows: 45,
    cwd: REPO,
    env: { HAPILOT_CONFIG_DIR: configDir, HAPILOT_JOURNAL_DIR: journal },
  });
  const asked: string[] = [];
  try {
    await t.runArgv([...HAPILOT, '--cluster', LAB.clusterFile, '--interval', String(INTERVAL_S)], '; echo EXIT=$?');
    await t.waitFor(/ssh connected[\s\S]*ssh connected/, 'both connections up', 30_000);
    // A key sent while a screen is still mounting can be missed on a busy machine: press again
    // until the next screen shows (each of these keys only moves forward, never changes a node).
    await pressUntil(t, 'p', /<Enter> plan/, 'the procedure list');
    await pressUntil(t, 'Enter', /Gates: once per phase|one probe round on both nodes/, 'the plan being built');
    const plan = await t.waitFor(/Gates: once per phase/, 'the plan with its grain', 60_000);
    assert.match(plan, /g: ask before every change/);
    // Once only: a second Enter would reach the first gate, where Enter means No.
    await t.keys('Enter');
    await t.waitFor(/<x> abort|answer the question above/, 'the run to start', 30_000);
    const deadline = Date.now() + 240_000;
    let lastLine = '';
    for (;;) {
      assert.ok(Date.now() < deadline, `the switchover did not end; asked so far: ${asked.join(' | ')}`);
      const screen = await t.screen();
      if (/SUCCEEDED|FAILED|INCOMPLETE/.test(screen)) {
        assert.match(screen, /SUCCEEDED/, screen);
        break;
      }
      const q = question(screen);
      if (q && q.line !== lastLine) {
        asked.push(q.line);
        lastLine = q.line;
        assert.match(screen, /\$ \S/, `the question shows commands: ${q.line}`);
        if (q.kind === 'typed') await t.keys(q.line.match(/lab-[ab]/)![0], 'Enter');
        else await t.keys('y');
      } else if (!q) lastLine = '';
      await new Promise((r) => setTimeout(r, 150));
    }
    await writer.stop();
  } finally {
    await t.keys('q').catch(() => {});
    await t.close();
  }
  console.log(`# console switchover at the default grain asked ${asked.length} questions: ${asked.map((l) => l.slice(0, 40)).join(' | ')}`);
  assert.ok(asked.length <= 6, `asked ${asked.length} questions:\n${asked.join('\n')}`);
  assert.equal(asked.filter((l) => l.startsWith('DESTRUCTIVE')).length, 2, asked.join('\n'));
  assert.ok(
    asked.some((l) => l.startsWith('PHASE')),
    asked.join('\n'),
  );
  await assertZeroLoss(writer, 'b', 'a');
  // Back to A primary for the tests after this one, by the scripted takeover.
  const back = await hapilot(['run', 'takeover', '-c', LAB.clusterFile, '--confirm', 'lab-a', '--confirm', 'lab-b'], {
    journalDir: journal,
  });
  assert.equal(back.exitCode, 0, back.stdout + back.stderr);
  assert.equal((await statusJson()).roles.primary, 'a');
});
