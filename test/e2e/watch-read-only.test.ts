// The wallboard's session, on the real lab, refuses a change command before anything is sent:
// the command fails with 'read-only', the command log records the refusal, and the node shows
// that nothing ran. Probes still work on the same session.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { loadClusterFile } from '../../src/config/load-cluster.js';
import { TransportError } from '../../src/transport/types.js';
import { openWatchSession } from '../../src/cli/watch.js';
import { LAB, inNode, requireLab } from '../support/lab.js';

before(requireLab);

test("a change command on the wallboard's session is refused and nothing runs on the node", async () => {
  const marker = `/tmp/hapilot-watch-proof-${process.pid}`;
  await inNode('b', `rm -f ${marker}`);
  const session = openWatchSession(loadClusterFile(LAB.clusterFile));
  try {
    await session.ready;
    const probe = await session.b.exec({ kind: 'probe', label: 'e2e: the session works', text: 'hostname' }, { timeoutMs: 15_000 });
    assert.equal(probe.stdout.trim(), 'lab-b');

    await assert.rejects(
      session.b.exec({ kind: 'change', label: 'e2e: must be refused', text: `touch ${marker}` }, { timeoutMs: 15_000 }),
      (e: unknown) => e instanceof TransportError && e.code === 'read-only' && e.mayHaveRun === false && /read-only/.test(e.message),
    );
    const entry = session.log.entries().find((e) => e.label === 'e2e: must be refused');
    assert.ok(entry, 'the refusal is in the command log');
    assert.equal(entry!.kind, 'change');
    assert.match(entry!.error ?? '', /nothing was sent/);

    const check = await inNode('b', `test -e ${marker} && echo RAN || echo NOTHING`);
    assert.equal(check.stdout.trim(), 'NOTHING', 'the node shows nothing ran');
  } finally {
    await session.close();
    await inNode('b', `rm -f ${marker}`, { reject: false });
  }
});
