// A real probe round on both lab nodes, through the system ssh client (the ssh2 transport is not
// needed: probeNode only needs a CommandRunner). Asserts what a user would see, and that each
// node got exactly one exec.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execa } from 'execa';
import { LAB, requireLab } from '../../support/lab.js';
import { loadClusterFile } from '../../../src/config/load-cluster.js';
import type { ClusterDefinition } from '../../../src/config/schema.js';
import type { NodeFacts, NodeId } from '../../../src/cluster/facts.js';
import { probeBoth, probeCommand, newNonce } from '../../../src/probes/round.js';
import { READ_ONLY_PROGRAMS, TRACED, readTrace } from '../../support/read-only-trace.js';
import { TransportError, type CommandRunner, type ExecOptions, type ExecResult, type RemoteCommand } from '../../../src/transport/types.js';

/** `ssh -F <lab ssh_config> ALIAS COMMAND` with the command's stdin; counts its execs. */
class SshRunner implements CommandRunner {
  readonly sent: RemoteCommand[] = [];
  constructor(
    readonly node: NodeId,
    readonly name: string,
    private readonly prefix: string[] = [],
  ) {}
  async exec(cmd: RemoteCommand, opts: ExecOptions): Promise<ExecResult> {
    this.sent.push(cmd);
    const started = Date.now();
    const r = await execa('ssh', ['-F', LAB.sshConfig, '-o', 'BatchMode=yes', this.name, [...this.prefix, cmd.text].join(' ')], {
      input: cmd.stdin ?? '',
      timeout: opts.timeoutMs,
      reject: false,
      stripFinalNewline: false,
    });
    if (r.timedOut) throw new TransportError(`timed out after ${opts.timeoutMs} ms`, 'timeout', true);
    if (r.exitCode === 255) throw new TransportError(`ssh: ${String(r.stderr).trim()}`, 'connection-lost', true);
    return {
      stdout: String(r.stdout),
      stderr: String(r.stderr),
      exitCode: r.exitCode ?? null,
      signal: r.signal ?? null,
      durationMs: Date.now() - started,
    };
  }
}

let def: ClusterDefinition;
before(() => {
  requireLab();
  def = loadClusterFile(LAB.clusterFile).def;
});

function value<T>(f: { known: true; value: T } | { known: false; reason: string } | undefined, what: string): T {
  assert.ok(f, `${what} is missing`);
  assert.ok(f.known, `${what} is unknown: ${!f.known ? f.reason : ''}`);
  return f.value;
}

test('one round on both lab nodes: primary and streaming standby, VIP on a, Redis roles, MongoDB members, sync, backups', async () => {
  const a = new SshRunner('a', 'lab-a');
  const b = new SshRunner('b', 'lab-b');
  const started = Date.now();
  const both = await probeBoth({ a, b }, def);
  const took = Date.now() - started;

  // Exactly one exec per node, and it was a probe.
  assert.equal(a.sent.length, 1);
  assert.equal(b.sent.length, 1);
  assert.deepEqual([a.sent[0]!.kind, a.sent[0]!.text, a.sent[0]!.label], ['probe', 'bash -s', 'probe round']);

  assert.equal(both.a.status, 'fulfilled', both.a.status === 'rejected' ? String(both.a.reason) : '');
  assert.equal(both.b.status, 'fulfilled', both.b.status === 'rejected' ? String(both.b.reason) : '');
  const fa = (both.a as PromiseFulfilledResult<NodeFacts>).value;
  const fb = (both.b as PromiseFulfilledResult<NodeFacts>).value;

  assert.equal(value(fa.host, 'a host').hostname, 'lab-a');
  assert.equal(value(fb.host, 'b host').hostname, 'lab-b');
  for (const f of [fa, fb]) assert.ok(Math.abs(value(f.host, 'host').clockSkewMs) < 1000, "the nodes share this machine's clock");

  assert.deepEqual(value(fa.roleFiles, 'a role files'), { role: 'master', status: 'working' });
  assert.deepEqual(value(fb.roleFiles, 'b role files'), { role: 'slave', status: 'working' });
  for (const f of [fa, fb])
    assert.ok(
      value(f.services, 'services').every((s) => s.active),
      JSON.stringify(f.services),
    );

  const pa = value(fa.postgres, 'a postgres');
  const pb = value(fb.postgres, 'b postgres');
  assert.equal(pa.role, 'primary');
  assert.equal(pb.role, 'standby');
  assert.equal(pa.timeline, pb.timeline);
  const sender = pa.senders.find((s) => s.applicationName === 'lab-b');
  assert.ok(sender, JSON.stringify(pa.senders));
  assert.equal(sender.state, 'streaming');
  assert.equal(sender.clientAddr, LAB.ip.b);
  assert.ok(sender.lagBytes !== null && sender.lagBytes >= 0);
  assert.equal(pb.receiver?.status, 'streaming');
  assert.equal(pb.receiver?.senderHost, LAB.ip.a);
  assert.equal(pb.receiver?.slotName, 'repmgr_slot_2');
  assert.equal(pa.slots.find((s) => s.name === 'repmgr_slot_2')?.active, true);

  const ra = value(fa.repmgr, 'a repmgr');
  assert.deepEqual(
    ra.map((n) => [n.name, n.role]),
    [
      ['lab-a', 'primary'],
      ['lab-b', 'standby'],
    ],
  );

  assert.equal(value(fa.redis, 'a redis').role, 'master');
  const rb = value(fb.redis, 'b redis');
  assert.equal(rb.role, 'replica');
  assert.equal(rb.masterHost, LAB.ip.a);
  assert.equal(rb.masterLinkStatus, 'up');

  const ma = value(fa.mongodb, 'a mongodb');
  assert.deepEqual(
    ma.members.map((m) => [m.name, m.stateStr]),
    [
      ['lab-a:27017', 'PRIMARY'],
      ['lab-b:27017', 'SECONDARY'],
    ],
  );
  assert.equal(value(fb.mongodb, 'b mongodb').myState, 2);

  assert.deepEqual(value(fa.vip, 'a vip'), { address: LAB.ip.vip, holds: true, interface: 'eth0' });
  assert.equal(value(fb.vip, 'b vip').holds, false);
  for (const f of [fa, fb]) assert.equal(value(f.keepalived, 'keepalived').running, true);

  const sa = value(fa.sync, 'a sync');
  const sb = value(fb.sync, 'b sync');
  assert.ok(sa[0]!.bytes! > 0);
  assert.equal(sa[0]!.bytes, sb[0]!.bytes);

  for (const f of [fa, fb]) {
    const bk = value(f.backups, 'backups');
    assert.ok(bk.count >= 1);
    assert.ok(bk.latest !== null && bk.latest.ageSeconds >= 0 && bk.latest.ageSeconds < def.thresholds.backup_max_age, JSON.stringify(bk));
  }

  // Sections run in parallel: a round costs about one ssh exec, not one per section.
  assert.ok(took < def.probe.section_timeout * 1000, `round took ${took} ms`);
});

test('a probe round changes nothing on the node: under strace it only runs read-only programs and writes only its private temp dir', async () => {
  // strace -y prints the path behind each descriptor, so writes relative to a directory fd show too.
  const runner = new SshRunner('a', 'lab-a', ['strace', '-f', '-qq', '-y', '-s', '512', '-e', `trace=${TRACED}`, '-o', '/dev/stderr']);
  const cmd = probeCommand(def, 'a', newNonce());
  const r = await runner.exec(cmd, { timeoutMs: 30_000 });
  assert.equal(r.exitCode, 0, r.stderr.slice(0, 500));
  assert.match(r.stdout, /:end:round:0@@\n$/);

  const { programs, writes, tempDir } = readTrace(r.stderr, 'hapilot-probe');
  assert.ok(tempDir, 'the round made its private directory with mktemp -d');
  assert.ok(
    writes.some((w) => w.includes(tempDir!)),
    'the trace shows the section files being written (the check is not vacuous)',
  );
  assert.ok(programs.has('psql') && programs.has('redis-cli') && programs.has('du'), `traced programs: ${[...programs].join(' ')}`);
  const unexpectedPrograms = [...programs].filter((p) => !READ_ONLY_PROGRAMS.has(p));
  assert.deepEqual(unexpectedPrograms, [], 'only read-only programs run');
  // Writes: the private temp dir (section output, then its removal), /dev/null, the tty probe.
  const allowed = (w: string) => w.includes(tempDir!) || /^\/dev\/(null|tty)$/.test(w) || /^\S+\(AT_FDCWD, "\/dev\/null"/.test(w);
  assert.deepEqual(
    writes.filter((w) => !allowed(w)),
    [],
    'nothing outside the temp dir is written, moved or removed',
  );
  // And the temp dir is gone afterwards.
  const gone = await execa('ssh', ['-F', LAB.sshConfig, '-o', 'BatchMode=yes', 'lab-a', `test ! -e ${tempDir}`], { reject: false });
  assert.equal(gone.exitCode, 0);
});

test('the PostgreSQL probe session is read-only: the same psql call cannot write', async () => {
  // The probe's psql runs with PGOPTIONS=-c default_transaction_read_only=on; prove the setting bites.
  const r = await execa(
    'ssh',
    [
      '-F',
      LAB.sshConfig,
      '-o',
      'BatchMode=yes',
      'lab-a',
      `cd / && runuser -u postgres -- env PGOPTIONS='-c default_transaction_read_only=on' psql -XAtq -v ON_ERROR_STOP=1 -c 'create temp table hapilot_probe_write_test (x int)'`,
    ],
    { reject: false },
  );
  assert.notEqual(r.exitCode, 0);
  assert.match(String(r.stderr), /cannot execute CREATE TABLE in a read-only transaction/);
  const script = probeCommand(def, 'a', newNonce()).stdin!;
  assert.match(script, /PGOPTIONS='-c default_transaction_read_only=on'/);
});
