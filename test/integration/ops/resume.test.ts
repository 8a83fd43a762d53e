// hapilot killed in the middle of a switchover (as when the jump host's session dies): the run is
// left unfinished, a new run is refused in its favour, and --resume finishes it, re-verifying the
// step that was under way instead of assuming it done. Writes go on through the VIP throughout.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { LAB, REPO, eventually, requireLab, inNode } from '../../support/lab.js';
import { CLI, hapilot, statusJson, tempJournalDir } from '../../support/hapilot.js';
import { VipWriter } from '../../support/writer.js';
import { assertFullStory, assertZeroLoss, ensureNominal, onlyRun } from './helpers.js';

before(async () => {
  requireLab();
  await ensureNominal();
});
after(ensureNominal);

function journalText(dir: string): string {
  const cluster = path.join(dir, 'lab');
  try {
    return readdirSync(cluster)
      .map((f) => readFileSync(path.join(cluster, f), 'utf8'))
      .join('');
  } catch {
    return '';
  }
}

test('killed mid-run: refused to start anew, resumed to the end, the interrupted step re-verified, zero loss', async () => {
  const journal = tempJournalDir();
  const writer = new VipWriter('resume');
  writer.start();
  const child = execa(
    process.execPath,
    ['--import', 'tsx', CLI, 'run', 'switchover', '-c', LAB.clusterFile, '--confirm', 'lab-a', '--confirm', 'lab-b'],
    {
      cwd: REPO,
      reject: false,
      stdin: 'ignore',
      env: { HAPILOT_JOURNAL_DIR: journal },
    },
  );
  // Kill it the moment the promotion starts: its outcome is then unknown to the journal.
  await eventually(async () => /"type":"step-start","stepId":"promote"/.test(journalText(journal)), 'the promotion to start', 60_000);
  child.kill('SIGKILL');
  await child;

  const listing = await hapilot(['journal'], { journalDir: journal });
  assert.match(listing.stdout, /switchover +unfinished/);
  const again = await hapilot(['run', 'switchover', '-c', LAB.clusterFile, '--confirm', 'lab-a', '--confirm', 'lab-b'], {
    journalDir: journal,
  });
  assert.equal(again.exitCode, 2);
  assert.match(again.stderr, /did not finish .* resume it with --resume \S+switchover/);

  const resumed = await hapilot(['run', 'switchover', '--resume', '-c', LAB.clusterFile, '--confirm', 'lab-a', '--confirm', 'lab-b'], {
    journalDir: journal,
  });
  await new Promise((r) => setTimeout(r, 1000));
  await writer.stop();
  assert.equal(resumed.exitCode, 0, resumed.stdout + resumed.stderr);
  assert.match(resumed.stdout, /Resuming run \S+ at step promote/);

  await assertZeroLoss(writer, 'b', 'a');
  const s = await statusJson();
  assert.equal(s.verdict, 'healthy', JSON.stringify(s.findings));
  assert.equal(s.roles.primary, 'b');

  const { entries } = onlyRun(journal);
  assertFullStory(entries, 'succeeded');
  // The promotion was checked, not assumed: verified as done, or run again.
  const promote = entries.filter((e) => (e.type === 'step-end' || e.type === 'decision') && 'stepId' in e && e.stepId === 'promote');
  assert.ok(
    promote.some(
      (e) => (e.type === 'step-end' && /verified/.test(e.detail ?? '')) || (e.type === 'decision' && /outcome unknown/.test(e.question)),
    ),
    JSON.stringify(promote),
  );
  for (const n of ['a', 'b'] as const) assert.match((await inNode(n, 'pgrep -x repmgrd || true')).stdout, /^\d+$/m, 'repmgrd restored');

  // Back to the original layout for the next tests.
  const back = await hapilot(['run', 'takeover', '-c', LAB.clusterFile, '--confirm', 'lab-a', '--confirm', 'lab-b'], {
    journalDir: tempJournalDir(),
  });
  assert.equal(back.exitCode, 0, back.stdout);
});
