// Switchover and takeover, run for real on the lab through `hapilot run`, while a client writes
// through the VIP the whole time: no committed row is lost, the cluster ends healthy by hapilot's
// own assessment, and the journal tells the full story.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { LAB, requireLab } from '../../support/lab.js';
import { hapilot, statusJson, tempJournalDir } from '../../support/hapilot.js';
import { VipWriter } from '../../support/writer.js';
import { assertFullStory, assertZeroLoss, ensureNominal, onlyRun } from './helpers.js';

before(async () => {
  requireLab();
  await ensureNominal();
});
after(ensureNominal);

for (const [procedure, from, to] of [
  ['switchover', 'a', 'b'],
  ['takeover', 'b', 'a'],
] as const) {
  test(`${procedure}: ${from.toUpperCase()} to ${to.toUpperCase()} with writes through the VIP, zero loss, healthy, journaled`, async () => {
    const before = await statusJson();
    assert.equal(before.roles.primary, from);
    const journal = tempJournalDir();
    const writer = new VipWriter(procedure);
    writer.start();
    await new Promise((r) => setTimeout(r, 1000));
    const run = await hapilot(['run', procedure, '-c', LAB.clusterFile, '--confirm', 'lab-a', '--confirm', 'lab-b'], {
      journalDir: journal,
    });
    await new Promise((r) => setTimeout(r, 1000));
    await writer.stop();
    assert.equal(run.exitCode, 0, `${run.stdout}\n${run.stderr}`);
    assert.match(run.stdout, /SUCCEEDED: /);

    const loss = await assertZeroLoss(writer, to, from);
    const after = await statusJson();
    assert.equal(after.verdict, 'healthy', JSON.stringify(after.findings));
    assert.equal(after.roles.primary, to);
    assert.equal(after.roles.standby, from);

    const { entries } = onlyRun(journal);
    assertFullStory(entries, 'succeeded');
    const start = entries[0]!;
    assert.ok(start.type === 'run-start' && start.mode === 'scripted' && start.confirmations.join() === 'lab-a,lab-b');
    assert.ok(
      entries.some((e) => e.type === 'decision' && e.by === 'script' && e.answer === `lab-${from}`),
      'the typed confirmation for the destructive stop is journaled',
    );
    assert.ok(entries.some((e) => e.type === 'automation' && e.action === 'paused' && e.name === 'repmgrd'));
    assert.ok(entries.some((e) => e.type === 'automation' && e.action === 'resumed' && e.name === 'repmgrd'));
    process.stdout.write(
      `# ${procedure}: ${loss.committed} committed rows all present; ${loss.unknown} in flight at a disconnect, ${writer.rejected.length} refused read-only; writes unavailable for ${writer.longestGapMs()} ms at most\n`,
    );
  });
}
