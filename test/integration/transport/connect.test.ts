// Both lab nodes through the lab's own ssh_config and cluster file, as the console opens them.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { LAB, requireLab } from '../../support/lab.js';
import { loadClusterFile, parseCluster } from '../../../src/config/load-cluster.js';
import { openSession } from '../../../src/transport/session.js';
import type { ConnectionState } from '../../../src/transport/types.js';
import { labCommon, run, scratch, sshConfig } from './helpers.js';

before(requireLab);

test('openSession connects to lab-a and lab-b by alias, in parallel; hostname answers', async () => {
  const cluster = loadClusterFile(LAB.clusterFile);
  const session = openSession(cluster, { readOnly: true, interactiveHostKey: null });
  const events: string[] = [];
  const watch = (id: string) => (s: ConnectionState) => events.push(`${id}:${s.state}`);
  session.a.onState(watch('a'));
  session.b.onState(watch('b'));
  try {
    await session.ready;
    assert.equal(session.a.state.state, 'connected');
    assert.equal(session.b.state.state, 'connected');
    assert.equal(session.a.name, 'lab-a');
    assert.equal(await run(session.a, 'hostname'), 'lab-a\n');
    assert.equal(await run(session.b, 'hostname'), 'lab-b\n');
    const logged = session.log.entries();
    assert.deepEqual(
      logged.map((e) => [e.node, e.nodeName, e.command, e.exitCode]),
      [
        ['a', 'lab-a', 'hostname', 0],
        ['b', 'lab-b', 'hostname', 0],
      ],
    );
    assert.ok(logged.every((e) => typeof e.durationMs === 'number'));
  } finally {
    await session.close();
  }
  assert.deepEqual(session.a.state, { state: 'closed' });
  assert.ok(events.includes('a:closed') && events.includes('b:closed'));
  await assert.rejects(run(session.a, 'true'), /closed/);
});

test('both connects start at once (neither waits for the other)', async () => {
  const session = openSession(loadClusterFile(LAB.clusterFile), { readOnly: true, interactiveHostKey: null });
  try {
    // openSession starts both attempts before returning.
    assert.equal(session.a.state.state, 'connecting');
    assert.equal(session.b.state.state, 'connecting');
    await session.ready;
  } finally {
    await session.close();
  }
});

test('a node that cannot be reached does not stop the other; its state says why', async () => {
  const s = scratch();
  try {
    const cfg = s.file(
      'ssh_config',
      sshConfig(
        [
          { name: 'lab-a', hostname: LAB.ip.a },
          // sshd does not listen on port 1: the connection is refused at once.
          { name: 'lab-b-closed', hostname: LAB.ip.b, lines: ['Port 1'] },
        ],
        labCommon(LAB.knownHosts),
      ),
    );
    const cluster = parseCluster(
      [
        'name: broken',
        'ssh:',
        `  config: ${cfg}`,
        '  connect_timeout: 3s',
        'nodes:',
        '  a: { alias: lab-a }',
        '  b: { alias: lab-b-closed }',
        '',
      ].join('\n'),
      s.file('cluster.yaml', ''),
    );
    const session = openSession(cluster, { readOnly: true, interactiveHostKey: null });
    try {
      await session.ready;
      assert.equal(session.a.state.state, 'connected');
      const b = session.b.state;
      assert.equal(b.state, 'lost');
      assert.ok(b.state === 'lost' && /ECONNREFUSED/.test(b.reason), JSON.stringify(b));
      assert.equal(await run(session.a, 'hostname'), 'lab-a\n');
      await assert.rejects(run(session.b, 'hostname'), /not connected/);
    } finally {
      await session.close();
    }
  } finally {
    s.cleanup();
  }
});
