// NodeConnection behaviour that needs no node: read-only refusal, backoff, fast failure while
// waiting to reconnect, refusal for configuration problems. The SSH side is tested against the
// lab (test/integration/transport/).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { CommandLog } from '../../../src/transport/command-log.js';
import { backoffMs, NodeConnection, type NodeConnectionOptions, type TargetSource } from '../../../src/transport/connection.js';
import { SshConfigError, type ResolvedTarget } from '../../../src/transport/ssh-config.js';
import { TransportError, type ConnectionState } from '../../../src/transport/types.js';

const opts = (over: Partial<NodeConnectionOptions> = {}): NodeConnectionOptions => ({
  readOnly: false,
  sudo: false,
  connectTimeoutMs: 2000,
  keepaliveIntervalMs: 1000,
  askUnknownHostKey: null,
  commandLog: new CommandLog(),
  ...over,
});

// A throwaway key, so that login could be attempted (the tests stop before it).
let keyDir = '';
let key = '';
before(async () => {
  keyDir = mkdtempSync(path.join(tmpdir(), 'hapilot-conn-'));
  key = path.join(keyDir, 'id');
  await execa('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
});
after(() => rmSync(keyDir, { recursive: true, force: true }));

const target = (port: number): ResolvedTarget => ({
  destination: 'local',
  hostname: '127.0.0.1',
  port,
  user: 'nobody',
  identityFiles: [key],
  identitiesOnly: false,
  identityAgent: 'none',
  proxyJump: null,
  userKnownHostsFiles: [],
  globalKnownHostsFiles: [],
  strictHostKeyChecking: 'yes',
  hashKnownHosts: false,
  hostKeyAlias: null,
  connectTimeout: null,
  serverAliveInterval: 0,
  serverAliveCountMax: 3,
  via: null,
});

test('backoff: 1 s, 2 s, 4 s ... at most 30 s', () => {
  assert.deepEqual([1, 2, 3, 4, 5, 6, 7, 10].map(backoffMs), [1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
});

test('read-only: a change command is refused before anything happens, and logged as refused', async () => {
  let resolved = 0;
  const source: TargetSource = async () => {
    resolved++;
    throw new Error('must not be reached');
  };
  const log = new CommandLog();
  const conn = new NodeConnection(source, 'a', 'db1', opts({ readOnly: true, commandLog: log }));
  for (const kind of ['change', 'something-else'] as const) {
    await assert.rejects(
      conn.exec({ kind: kind as 'change', text: 'touch /tmp/x', label: 'touch' }, { timeoutMs: 1000 }),
      (e: unknown) => e instanceof TransportError && e.code === 'read-only' && e.mayHaveRun === false,
    );
  }
  assert.equal(resolved, 0, 'no connection was even attempted');
  assert.deepEqual(conn.state, { state: 'idle' });
  assert.match(log.entries()[0]?.error ?? '', /read-only/);
});

test('a configuration error refuses the node (no automatic retry); exec fails fast with the reason', async () => {
  let resolved = 0;
  const conn = new NodeConnection(
    async () => {
      resolved++;
      throw new SshConfigError('ssh_config: line 3: Bad configuration option: HostNmae');
    },
    'a',
    'db1',
    opts(),
  );
  await assert.rejects(conn.connect(), (e: unknown) => e instanceof TransportError && e.code === 'refused');
  assert.equal(conn.state.state, 'refused');
  await assert.rejects(
    conn.exec({ kind: 'probe', text: 'true', label: 't' }, { timeoutMs: 1000 }),
    (e: unknown) => e instanceof TransportError && e.code === 'refused' && /HostNmae/.test(e.message),
  );
  assert.equal(resolved, 1);
});

test('a refused TCP connection: state lost with the reason and the next attempt; exec fails fast until then', async () => {
  // A port that was just free: nothing listens there.
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));

  let attempts = 0;
  const states: ConnectionState[] = [];
  const conn = new NodeConnection(
    async () => {
      attempts++;
      return target(port);
    },
    'b',
    'db2',
    opts({ backoff: () => 60_000 }),
  );
  conn.onState((s) => states.push(s));
  await assert.rejects(conn.connect(), (e: unknown) => e instanceof TransportError && e.code === 'not-connected');
  assert.deepEqual(
    states.map((s) => s.state),
    ['connecting', 'lost'],
  );
  const lost = conn.state;
  assert.ok(lost.state === 'lost');
  assert.match(lost.reason, /ECONNREFUSED/);
  assert.ok(Date.parse(lost.nextAttemptAt) > Date.now() + 50_000);
  const t0 = Date.now();
  await assert.rejects(
    conn.exec({ kind: 'probe', text: 'true', label: 't' }, { timeoutMs: 5000 }),
    (e: unknown) =>
      e instanceof TransportError && e.code === 'not-connected' && /ECONNREFUSED/.test(e.message) && /next attempt/.test(e.message),
  );
  assert.ok(Date.now() - t0 < 100, 'fails fast, no attempt before the backoff deadline');
  assert.equal(attempts, 1);
  await conn.close();
  assert.deepEqual(conn.state, { state: 'closed' });
});

test('a node that accepts TCP but never speaks SSH: the connect timeout ends the attempt', async () => {
  const sockets: import('node:net').Socket[] = [];
  const server = createServer((s) => sockets.push(s));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  try {
    const conn = new NodeConnection(target(port), 'a', 'silent', opts({ connectTimeoutMs: 300 }));
    const t0 = Date.now();
    await assert.rejects(
      conn.connect(),
      (e: unknown) => e instanceof TransportError && e.code === 'not-connected' && /no answer within 300 ms/.test(e.message),
    );
    assert.ok(Date.now() - t0 < 3000);
    assert.equal(conn.state.state, 'lost');
    await conn.close();
  } finally {
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => server.close(() => r()));
  }
});
