// A dropped connection: only this test's own sshd session is killed on the node (found by the
// connection's source port), never the listener. The connection must notice, fail the command
// in flight, wait out its backoff, and come back on the next command.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { LAB, eventually, inNode, requireLab } from '../../support/lab.js';
import { TransportError, type ConnectionState } from '../../../src/transport/types.js';
import { clientPort, connectionTo, run, sshdPidsFor } from './helpers.js';

before(requireLab);

async function killSession(port: number): Promise<void> {
  const pids = await sshdPidsFor('a', port);
  assert.ok(pids.length > 0, `no sshd process found for client port ${port}`);
  await inNode('a', `kill -KILL ${pids.join(' ')}`);
}

test('drop: in-flight command fails "connection-lost", state lost with a reason, next exec after the backoff reconnects', async () => {
  const BACKOFF = 2000;
  const conn = connectionTo('lab-a', LAB.sshConfig, { backoff: () => BACKOFF });
  const states: ConnectionState[] = [];
  conn.onState((s) => states.push(s));
  try {
    await conn.connect();
    const port = await clientPort(conn);
    const sleepArg = `20.${process.pid % 1000}1`; // a sleep no one else runs
    const inflight = conn.exec({ kind: 'probe', text: `sleep ${sleepArg}`, label: 'long' }, { timeoutMs: 30_000 }).catch((e: unknown) => e);
    // Wait until the long command really runs on the node, then cut the connection under it.
    await eventually(
      async () => (await inNode('a', `pgrep -f 'sleep ${sleepArg}'`, { reject: false })).exitCode === 0,
      'the sleep to start',
    );
    const before = Date.now();
    await killSession(port);

    const err = await inflight;
    assert.ok(err instanceof TransportError, String(err));
    assert.equal(err.code, 'connection-lost');
    assert.equal(err.mayHaveRun, true);
    // Its orphaned sleep would otherwise linger until the node-side time limit.
    await inNode('a', `pkill -f 'sleep ${sleepArg}'`, { reject: false });

    await eventually(async () => conn.state.state === 'lost', 'state lost');
    const lost = conn.state;
    assert.ok(lost.state === 'lost');
    assert.ok(lost.reason.length > 0);
    assert.ok(Date.parse(lost.since) >= before - 1000);
    assert.ok(Date.parse(lost.nextAttemptAt) - Date.parse(lost.since) >= BACKOFF - 50);

    // Before the backoff deadline: fail fast, with the reason.
    if (Date.now() < Date.parse(lost.nextAttemptAt) - 500) {
      await assert.rejects(
        run(conn, 'true'),
        (e: unknown) => e instanceof TransportError && e.code === 'not-connected' && e.message.includes(lost.reason),
      );
    }
    // After it: the next command reconnects (a new connection, a new source port) and succeeds.
    const out = await eventually(() => run(conn, 'echo $SSH_CONNECTION'), 'a command to succeed after reconnecting', 20_000);
    assert.notEqual(Number(out.split(' ')[1]), port);
    assert.equal(conn.state.state, 'connected');
    assert.deepEqual(
      states.map((s) => s.state),
      ['connecting', 'connected', 'lost', 'connecting', 'connected'],
    );
  } finally {
    await conn.close();
  }
});

test('keepalive notices a peer that stops answering (socket left open, sshd frozen)', async () => {
  const conn = connectionTo('lab-a', LAB.sshConfig, { keepaliveIntervalMs: 500, backoff: () => 500 });
  try {
    await conn.connect();
    const port = await clientPort(conn);
    const pids = await sshdPidsFor('a', port);
    assert.ok(pids.length > 0);
    // SIGSTOP: the TCP connection stays up but nothing answers, as with a hung node or a cut cable.
    await inNode('a', `kill -STOP ${pids.join(' ')}`);
    try {
      await eventually(async () => conn.state.state === 'lost', 'the keepalive to give up', 15_000);
      const s = conn.state;
      assert.ok(s.state === 'lost' && /keepalive/i.test(s.reason), JSON.stringify(s));
    } finally {
      await inNode('a', `kill -KILL ${pids.join(' ')}`, { reject: false });
    }
    assert.equal(await eventually(() => run(conn, 'hostname'), 'reconnect', 20_000), 'lab-a\n');
  } finally {
    await conn.close();
  }
});
