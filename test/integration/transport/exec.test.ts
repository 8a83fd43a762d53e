// Commands on one connection to lab-a: concurrency under the channel cap, time limits enforced on
// both sides, read-only sessions, stdin, both output streams, exit codes, large output.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { LAB, eventually, inNode, requireLab } from '../../support/lab.js';
import { CommandLog } from '../../../src/transport/command-log.js';
import type { NodeConnection } from '../../../src/transport/connection.js';
import { TransportError } from '../../../src/transport/types.js';
import { MAX_OUTPUT_BYTES } from '../../../src/transport/connection.js';
import { connectionTo, existsInNode, run } from './helpers.js';

let conn: NodeConnection;
const log = new CommandLog();

before(async () => {
  requireLab();
  conn = connectionTo('lab-a', LAB.sshConfig, { commandLog: log });
  await conn.connect();
});
after(() => conn?.close());

test('20 concurrent commands on one connection all succeed, never more than 8 in flight', async () => {
  // Each holds its channel a moment, so all 20 really compete for slots.
  const results = await Promise.all(
    Array.from({ length: 20 }, (_, i) => conn.exec({ kind: 'probe', text: `sleep 0.3; echo ${i}`, label: `n${i}` }, { timeoutMs: 30_000 })),
  );
  assert.deepEqual(
    results.map((r) => [r.exitCode, r.stdout]),
    Array.from({ length: 20 }, (_, i) => [0, `${i}\n`]),
  );
  assert.equal(conn.limiter.peak, 8);
  assert.equal(conn.limiter.active, 0);
});

test('a command over its time limit fails with "timeout" in about that time, and is stopped on the node', async () => {
  const tag = `hapilot-timeout-${process.pid}`;
  const sleepArg = `30.${process.pid % 1000}1`; // a sleep no one else runs
  const t0 = Date.now();
  const err = await conn
    .exec({ kind: 'probe', text: `touch /tmp/${tag}; sleep ${sleepArg}`, label: 'sleep' }, { timeoutMs: 1000 })
    .catch((e: unknown) => e);
  const took = Date.now() - t0;
  assert.ok(err instanceof TransportError, String(err));
  assert.equal(err.code, 'timeout');
  assert.equal(err.mayHaveRun, true);
  assert.match(err.message, /timed out after 1000 ms/);
  assert.ok(took >= 1000 && took < 2500, `took ${took} ms`);
  // sshd keeps the session's slot until the process is gone, so the limiter keeps it too.
  assert.equal(conn.limiter.active, 1);
  assert.equal(await existsInNode('a', `/tmp/${tag}`), true, 'the command had started');
  await eventually(
    async () => (await inNode('a', `pgrep -f 'sleep ${sleepArg}'`, { reject: false })).exitCode === 1,
    'the sleep to be gone from the node',
  );
  await inNode('a', `rm -f /tmp/${tag}`);
  await eventually(async () => conn.limiter.active === 0, 'the slot to be given back', 10_000);
  // The connection is still good.
  assert.equal(await run(conn, 'echo ok'), 'ok\n');
});

test('the time limit covers waiting for a channel: a queued command fails at its deadline, surely not run', async () => {
  const busy = Array.from({ length: 8 }, () => conn.exec({ kind: 'probe', text: 'sleep 2', label: 'busy' }, { timeoutMs: 30_000 }));
  const t0 = Date.now();
  const err = await conn.exec({ kind: 'probe', text: 'echo late', label: 'queued' }, { timeoutMs: 500 }).catch((e: unknown) => e);
  const took = Date.now() - t0;
  assert.ok(err instanceof TransportError && err.code === 'timeout' && err.mayHaveRun === false, String(err));
  assert.ok(took < 1500, `took ${took} ms`);
  const done = await Promise.all(busy);
  assert.ok(done.every((r) => r.exitCode === 0));
  assert.equal(conn.limiter.active, 0);
});

test('read-only session: a change command is rejected and provably not run', async () => {
  const markerFile = '/tmp/hapilot-ro-marker';
  await inNode('a', `rm -f ${markerFile}`);
  const ro = connectionTo('lab-a', LAB.sshConfig, { readOnly: true });
  try {
    await ro.connect();
    const err = await ro
      .exec({ kind: 'change', text: `touch ${markerFile}`, label: 'touch marker' }, { timeoutMs: 10_000 })
      .catch((e: unknown) => e);
    assert.ok(err instanceof TransportError && err.code === 'read-only' && !err.mayHaveRun, String(err));
    // Probes still run on the same session, and the marker is not there.
    assert.equal(await run(ro, `test -e ${markerFile} && echo present || echo absent`), 'absent\n');
    assert.equal(await existsInNode('a', markerFile), false);
  } finally {
    await ro.close();
  }
});

test('stdin is written then closed; a script runs through bash -s', async () => {
  const script = ['#!/bin/bash', 'set -u', 'x=$(hostname)', 'echo "host=$x"', 'echo "args=$#"', ''].join('\n');
  const r = await conn.exec({ kind: 'probe', text: 'bash -s', label: 'probe round', stdin: script }, { timeoutMs: 15_000 });
  assert.equal(r.stdout, 'host=lab-a\nargs=0\n');
  // A command that reads stdin gets EOF when none is given (it does not hang).
  assert.equal(await run(conn, 'cat; echo done'), 'done\n');
  const entry = log.entries().find((e) => e.label === 'probe round');
  assert.equal(entry?.command, 'bash -s < #!/bin/bash (script, 5 lines)');
  assert.equal(entry?.exitCode, 0);
});

test('stdout, stderr and the exit code are kept apart; output is streamed as it comes', async () => {
  const out: string[] = [];
  const errs: string[] = [];
  const r = await conn.exec(
    { kind: 'probe', text: 'echo one; sleep 0.2; echo two; echo oops >&2; exit 3', label: 'streams' },
    { timeoutMs: 15_000, onStdout: (c) => out.push(c), onStderr: (c) => errs.push(c) },
  );
  assert.equal(r.stdout, 'one\ntwo\n');
  assert.equal(r.stderr, 'oops\n');
  assert.equal(r.exitCode, 3);
  assert.equal(r.signal, null);
  assert.equal(out.join(''), 'one\ntwo\n');
  assert.ok(out.length >= 2, 'stdout arrived in more than one chunk');
  assert.equal(errs.join(''), 'oops\n');
});

test('large output and large stdin, multi-byte UTF-8 intact across packets', async () => {
  const line = 'été 日本語 🚀 ñ\n';
  const big = line.repeat(20_000); // about 440 KB, many SSH packets and window adjustments
  const r = await conn.exec({ kind: 'probe', text: 'cat', label: 'echo back', stdin: big }, { timeoutMs: 30_000 });
  assert.equal(r.stdout.length, big.length);
  assert.ok(r.stdout === big);
});

test('a command killed by a signal reports the signal and no exit code', async () => {
  const r = await conn.exec({ kind: 'probe', text: 'kill -KILL $$', label: 'self kill' }, { timeoutMs: 15_000 });
  // sh is killed; the node-side timeout passes the signal on (it raises it on itself), so sshd
  // reports an exit signal rather than a status.
  assert.equal(r.exitCode, null);
  assert.equal(r.signal, 'SIGKILL');
});

test('every command is in the log with its duration and result', () => {
  const entries = log.entries();
  assert.ok(entries.length >= 25);
  const timedOut = entries.find((e) => e.label === 'sleep');
  assert.match(timedOut?.error ?? '', /timed out after 1000 ms/);
  assert.ok(entries.every((e) => e.node === 'a' && e.nodeName === 'lab-a' && typeof e.durationMs === 'number'));
});

test('issue 11, item 9: a command writing more than 8 MiB fails saying its output was cut; 8 MiB exactly is kept whole', async () => {
  const whole = await conn.exec(
    { kind: 'probe', text: `head -c ${MAX_OUTPUT_BYTES} /dev/zero | tr '\\0' x`, label: '8 MiB' },
    { timeoutMs: 60_000 },
  );
  assert.equal(whole.stdout.length, MAX_OUTPUT_BYTES);
  for (const stream of ['stdout', 'stderr'] as const) {
    const err = await conn
      .exec(
        {
          kind: 'probe',
          text: `head -c ${MAX_OUTPUT_BYTES + 1} /dev/zero | tr '\\0' x${stream === 'stderr' ? ' >&2' : ''}`,
          label: 'flood',
        },
        { timeoutMs: 60_000 },
      )
      .catch((e: unknown) => e);
    assert.ok(err instanceof TransportError, String(err));
    assert.match(err.message, new RegExp(`"flood": output cut: more than 8 MiB on ${stream}`));
    assert.equal(err.mayHaveRun, true);
  }
  // The connection is still usable.
  assert.equal(await run(conn, 'echo ok'), 'ok\n');
});
