// The persistent probe session's protocol end to end without the lab: the session program runs in
// a local bash (this machine stands for a node), so requests, framing, time limits and the
// fallback are the real ones. What is on the lab (PostgreSQL, repmgr, a network cut) is in
// test/integration/probes/session.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { parseCluster } from '../../../src/config/load-cluster.js';
import type { NodeId } from '../../../src/cluster/facts.js';
import { ProbeSession, type StreamRunner } from '../../../src/probes/session.js';
import type { Stream, StreamEvents } from '../../../src/transport/stream.js';
import type { ExecOptions, ExecResult, RemoteCommand } from '../../../src/transport/types.js';

/** openStream and exec as local processes; `shell` stands for the node's bash. */
class LocalStreamRunner implements StreamRunner {
  readonly opened: RemoteCommand[] = [];
  readonly execs: RemoteCommand[] = [];
  constructor(
    readonly node: NodeId,
    readonly name: string,
    private readonly rewrite: (text: string) => string = (t) => t,
  ) {}
  async openStream(cmd: RemoteCommand, on: StreamEvents): Promise<Stream> {
    this.opened.push(cmd);
    const p = spawn('sh', ['-c', this.rewrite(cmd.text)], { stdio: ['pipe', 'pipe', 'pipe'] });
    let open = true;
    p.stdout.setEncoding('utf8').on('data', on.stdout);
    p.stderr.setEncoding('utf8').on('data', on.stderr);
    p.on('close', (code) => {
      if (!open) return;
      open = false;
      on.closed(`the session program ended (exit ${code})`);
    });
    p.stdin.on('error', () => {});
    if (cmd.stdin) p.stdin.write(cmd.stdin);
    return {
      get open() {
        return open;
      },
      write: (t) => open && p.stdin.write(t),
      close: () => {
        p.stdin.end();
      },
    };
  }
  async exec(cmd: RemoteCommand, opts: ExecOptions): Promise<ExecResult> {
    this.execs.push(cmd);
    const started = Date.now();
    const p = spawn('sh', ['-c', cmd.text], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.setEncoding('utf8').on('data', (s: string) => {
      stdout += s;
      opts.onStdout?.(s);
    });
    p.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    p.stdin.end(cmd.stdin ?? '');
    const exitCode = await new Promise<number | null>((r) => p.on('close', r));
    return { stdout, stderr, exitCode, signal: null, durationMs: Date.now() - started };
  }
}

const def = parseCluster(
  `name: local
nodes:
  a: { host: node-a }
  b: { host: node-b }
probe: { section_timeout: 1s }
components:
  role_files: { role: /nonexistent/hapilot-role }
  services:
    - { name: sh }
  sync: { paths: [/nonexistent/hapilot-sync] }
  asterisk: { command: [sleep, "30"] }
`,
  '/test/local.yaml',
).def;

test('rounds answer over one program: builtin sections at once, a hung section stopped at its time limit without holding the others', async () => {
  const runner = new LocalStreamRunner('a', 'local');
  const probe = new ProbeSession(runner, def, 'a', { slowPeriodMs: 60_000, idleSeconds: 30 });
  try {
    const started = Date.now();
    let firstPartialAt = 0;
    const f = await probe.round({ onPartial: () => (firstPartialAt ||= Date.now() - started) });
    const took = Date.now() - started;
    assert.equal(probe.fallbackReason, null);
    assert.ok(f.host.known, 'host known');
    assert.deepEqual(f.roleFiles, { known: true, value: { role: null, status: null } }, 'a missing role file is a fact');
    assert.ok(
      f.asterisk && !f.asterisk.known && /timed out/.test(f.asterisk.reason),
      `the hung section timed out: ${JSON.stringify(f.asterisk)}`,
    );
    assert.ok(took < 4000, `the round ended at the section time limit (${took} ms)`);
    assert.ok(firstPartialAt > 0 && firstPartialAt < 900, `host arrived before the hung section ended (${firstPartialAt} ms)`);

    const second = await probe.round();
    assert.ok(second.host.known);
    assert.ok(second.asOf?.sync, 'the slow section is reused, with its age');
    assert.equal(runner.opened.length, 1, 'one program for both rounds');
    assert.equal(runner.execs.length, 0, 'and no command per round');
  } finally {
    probe.close();
  }
});

test('a node whose bash cannot run the session: rounds go through the per-round script, and the facts say why', async () => {
  // The program cannot start (here: no such shell).
  const runner = new LocalStreamRunner('a', 'local', (t) => t.replace('exec bash ', 'exec hapilot-no-such-bash '));
  const probe = new ProbeSession(runner, def, 'a', { slowPeriodMs: 60_000, idleSeconds: 30 });
  try {
    const f = await probe.round();
    assert.match(probe.fallbackReason ?? '', /not found/);
    assert.match(f.perRoundReason ?? '', /could not start.*not found/);
    assert.ok(f.host.known, 'the per-round script still answers');
    assert.equal(runner.execs.length, 1);
  } finally {
    probe.close();
  }
});
