// factsFromOutput (sections to NodeFacts) and probeNode/probeBoth (one exec per node), with a
// runner that answers with output captured from the lab.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { factsFromOutput } from '../../../src/probes/node-facts.js';
import { probeNode, probeBoth, roundTimeoutMs } from '../../../src/probes/round.js';
import { TransportError, type CommandRunner, type ExecOptions, type ExecResult, type RemoteCommand } from '../../../src/transport/types.js';
import type { NodeId } from '../../../src/cluster/facts.js';
import { capture, type Capture } from './fixtures.js';

/** Answers every exec with a captured round, its nonce replaced by the one in the script sent. */
class ReplayRunner implements CommandRunner {
  readonly calls: { cmd: RemoteCommand; opts: ExecOptions }[] = [];
  constructor(
    readonly node: NodeId,
    readonly name: string,
    private readonly answer: (cmd: RemoteCommand) => Promise<ExecResult>,
  ) {}
  exec(cmd: RemoteCommand, opts: ExecOptions): Promise<ExecResult> {
    this.calls.push({ cmd, opts });
    return this.answer(cmd);
  }
}

function replay(c: Capture, exitCode = 0) {
  return async (cmd: RemoteCommand): Promise<ExecResult> => {
    const nonce = /^HP_NONCE=(\w+)$/m.exec(cmd.stdin ?? '')?.[1];
    assert.ok(nonce, 'the script carries its nonce');
    return { stdout: c.output.replaceAll(c.meta.nonce, nonce), stderr: '', exitCode, signal: null, durationMs: 10 };
  };
}

test('a whole lab-a round becomes NodeFacts with every configured component known (asterisk: not installed)', () => {
  const f = capture('a-full').facts();
  assert.equal(f.node, 'a');
  assert.equal(f.name, 'lab-a');
  for (const k of [
    'host',
    'roleFiles',
    'services',
    'postgres',
    'repmgr',
    'redis',
    'mongodb',
    'sync',
    'vip',
    'keepalived',
    'backups',
  ] as const) {
    assert.equal(f[k]?.known, true, `${k}: ${JSON.stringify(f[k])}`);
  }
  assert.deepEqual(f.asterisk, { known: false, reason: 'not installed (asterisk: command not found)', cause: 'not-installed' });
  assert.equal(f.postgres?.known && f.postgres.value.role, 'primary');
  assert.equal(f.vip?.known && f.vip.value.holds, true);
  assert.ok(f.roundTripMs >= 0);
});

test('components the definition does not list are absent, not unknown', () => {
  const c = capture('b-redis-stopped');
  const f = c.facts();
  assert.deepEqual(
    Object.keys(f)
      .filter((k) => !['node', 'name', 'collectedAt', 'roundTripMs'].includes(k))
      .sort(),
    ['host', 'lock', 'redis', 'services'],
  );
});

test("a round that returned nothing: every fact unknown with the script's own reason", () => {
  const def = capture('a-full').meta.definition;
  const f = factsFromOutput(
    '',
    'abcdef012345',
    def,
    'b',
    'lab-b',
    { sentAtMs: 0, receivedAtMs: 5 },
    { exitCode: 127, stderr: 'bash: bash: command not found\n' },
  );
  const reason = 'the probe script returned no sections (exit 127: bash: bash: command not found)';
  assert.deepEqual(f.host, { known: false, reason, cause: 'no-output' });
  assert.deepEqual(f.postgres, { known: false, reason, cause: 'no-output' });
  assert.deepEqual(f.sync, { known: false, reason, cause: 'no-output' });
});

test('probeNode sends ONE probe command: the script on stdin of bash -s, timeout = section timeout + margin', async () => {
  const c = capture('a-full');
  const runner = new ReplayRunner('a', 'lab-a', replay(c));
  const facts = await probeNode(runner, c.meta.definition, 'a', 'lab-a');
  assert.equal(runner.calls.length, 1);
  const { cmd, opts } = runner.calls[0]!;
  assert.equal(cmd.kind, 'probe');
  assert.equal(cmd.label, 'probe round');
  assert.equal(cmd.text, 'bash -s');
  assert.match(cmd.stdin!, /^export LC_ALL=C /);
  assert.equal(opts.timeoutMs, roundTimeoutMs(c.meta.definition));
  assert.equal(opts.timeoutMs, (5 + 1) * 1000 + 4000);
  assert.equal(facts.host.known && facts.host.value.hostname, 'lab-a');
});

test('each round has its own nonce: output replayed with an old nonce parses as nothing', async () => {
  const c = capture('a-full');
  const runner = new ReplayRunner('a', 'lab-a', async () => ({ stdout: c.output, stderr: '', exitCode: 0, signal: null, durationMs: 1 }));
  const f = await probeNode(runner, c.meta.definition, 'a', 'lab-a');
  assert.equal(f.host.known, false);
});

test('a non-zero script exit still parses what it can', async () => {
  const c = capture('b-full');
  const runner = new ReplayRunner('b', 'lab-b', replay(c, 143));
  const f = await probeNode(runner, c.meta.definition, 'b', 'lab-b');
  assert.equal(f.postgres?.known && f.postgres.value.role, 'standby');
});

test('a TransportError propagates (the caller makes the node unreachable); probeBoth keeps the other node', async () => {
  const a = capture('a-full');
  const err = new TransportError('timed out after 10000 ms', 'timeout', true);
  const broken = new ReplayRunner('b', 'lab-b', async () => {
    throw err;
  });
  await assert.rejects(probeNode(broken, a.meta.definition, 'b', 'lab-b'), err);
  const good = new ReplayRunner('a', 'lab-a', replay(a));
  const both = await probeBoth({ a: good, b: broken }, a.meta.definition);
  assert.equal(both.a.status, 'fulfilled');
  assert.equal(both.a.status === 'fulfilled' && both.a.value.name, 'lab-a');
  assert.deepEqual(both.b, { status: 'rejected', reason: err });
  assert.equal(good.calls.length, 1);
});

test('probeBoth runs both nodes at the same time, not one after the other', async () => {
  const a = capture('a-full');
  const b = capture('b-full');
  let inFlight = 0;
  let most = 0;
  const slow = (c: Capture) => async (cmd: RemoteCommand) => {
    inFlight++;
    most = Math.max(most, inFlight);
    await new Promise((r) => setTimeout(r, 50));
    inFlight--;
    return replay(c)(cmd);
  };
  const both = await probeBoth(
    { a: new ReplayRunner('a', 'lab-a', slow(a)), b: new ReplayRunner('b', 'lab-b', slow(b)) },
    a.meta.definition,
  );
  assert.equal(most, 2);
  assert.equal(both.b.status === 'fulfilled' && both.b.value.host.known && both.b.value.host.value.hostname, 'lab-b');
});
