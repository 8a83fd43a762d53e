// The persistent probe session on the lab, through the real ssh2 transport: rounds are requests
// over one long-lived channel, slow sections come back with their age, PostgreSQL restarting in
// the middle of a watch costs no round, a network cut in the middle of a round is reported as
// such and the session comes back after heal, and nothing stays on the node once it ends.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execa } from 'execa';
import path from 'node:path';
import { LAB, REPO, eventually, inNode, requireLab, shq } from '../../support/lab.js';
import { READ_ONLY_PROGRAMS, TRACED, readTrace } from '../../support/read-only-trace.js';
import { loadClusterFile, type LoadedCluster } from '../../../src/config/load-cluster.js';
import { openSession, type Session } from '../../../src/transport/session.js';
import { ProbeSession } from '../../../src/probes/session.js';
import { sessionCommand } from '../../../src/probes/session-program.js';
import { sectionCommands } from '../../../src/probes/round-plan.js';
import { newNonce } from '../../../src/probes/round.js';
import type { NodeFacts } from '../../../src/cluster/facts.js';

let cluster: LoadedCluster;
let session: Session;

before(() => {
  requireLab();
  cluster = loadClusterFile(LAB.clusterFile);
  session = openSession(cluster, { readOnly: true, interactiveHostKey: null });
});
after(async () => {
  await session.close();
});

function value<T>(f: { known: true; value: T } | { known: false; reason: string } | undefined, what: string): T {
  assert.ok(f, `${what} is missing`);
  assert.ok(f.known, `${what} is unknown: ${!f.known ? f.reason : ''}`);
  return f.value;
}

const sessionStarts = () => session.log.entries().filter((e) => e.label === 'probe session').length;
const otherCommands = () => session.log.entries().filter((e) => e.label !== 'probe session').length;

async function lab(...args: string[]) {
  const r = await execa('bash', [path.join(REPO, 'lab/lab.sh'), ...args], { reject: false, timeout: 120_000, all: true });
  assert.equal(r.exitCode, 0, `lab.sh ${args.join(' ')}: ${r.all}`);
}

test('rounds through one session: every component known, slow sections reused with their age, one channel for all', async () => {
  await session.ready;
  const probe = new ProbeSession(session.a, cluster.def, 'a', { slowPeriodMs: 60_000, idleSeconds: 60 });
  try {
    const partial: NodeFacts[] = [];
    const first = await probe.round({ onPartial: (f) => partial.push(f) });
    assert.equal(probe.fallbackReason, null);
    assert.equal(value(first.host, 'host').hostname, 'lab-a');
    assert.equal(value(first.postgres, 'postgres').role, 'primary');
    assert.ok(value(first.repmgr, 'repmgr'));
    assert.deepEqual(value(first.roleFiles, 'role files'), { role: 'master', status: 'working' });
    assert.ok(value(first.services, 'services').every((s) => s.active));
    assert.equal(first.asOf, undefined, 'the first round asks for everything');
    assert.ok(partial.length > 0, 'facts were handed over before the round ended');
    assert.ok(
      [partial[0]!.postgres, partial[0]!.repmgr, partial[0]!.mongodb].some(
        (f) => f && !f.known && f.reason === 'waiting for the node to answer',
      ),
      'the first partial facts show a component still running as waiting, not as a value',
    );

    const psqlSessions = async () =>
      (
        await inNode(
          'a',
          `su postgres -c "psql -XAt -c \\"select datname || ' ' || backend_start from pg_stat_activity where application_name = 'psql' and pid <> pg_backend_pid()\\""`,
        )
      ).stdout.trim();
    const before = await psqlSessions();
    const second = await probe.round();
    assert.equal(await psqlSessions(), before, 'the round opened no PostgreSQL session');
    assert.match(before, /^repmgr \S/, "one psql, in repmgr's database");
    assert.ok(value(second.postgres, 'postgres'));
    assert.deepEqual(
      value(second.repmgr, 'repmgr').map((n) => [n.name, n.role, n.status]),
      [
        ['lab-a', 'primary', '* running'],
        ['lab-b', 'standby', 'active'],
      ],
      "repmgr's metadata, read through the open psql",
    );
    assert.ok(second.asOf?.sync, 'du comes from the first round, with when it was collected');
    assert.equal(second.asOf?.postgres, undefined, 'the fast sections are fresh');
    assert.equal(second.asOf?.repmgr, undefined, 'repmgr too: it costs one query, no session');
    assert.equal(sessionStarts(), 1, 'two rounds, one program');
    assert.equal(otherCommands(), 0, 'and no exec per round');
  } finally {
    probe.close();
  }
});

test('PostgreSQL restarted between rounds and in the middle of one: the next round reconnects psql, nothing unknown', async () => {
  await session.ready;
  const probe = new ProbeSession(session.a, cluster.def, 'a', { slowPeriodMs: 60_000, idleSeconds: 60 });
  try {
    assert.ok(value((await probe.round()).postgres, 'postgres before'));
    await inNode('a', 'pg_ctlcluster 15 main restart');
    const after = await probe.round();
    assert.equal(value(after.postgres, 'postgres after the restart').role, 'primary');
    // A restart while the round runs: either this round saw it down (unknown, not running) or
    // not yet; the round after it is known again.
    const during = Promise.all([probe.round(), inNode('a', 'pg_ctlcluster 15 main restart')]);
    const [mid] = await during;
    if (!mid.postgres?.known) assert.match(mid.postgres!.reason, /not running|connect/);
    const next = await eventually(async () => {
      const f = await probe.round();
      return f.postgres?.known ? f : null;
    }, 'postgres known again');
    assert.ok(value(next.postgres, 'postgres'));
    assert.equal(sessionStarts() >= 1, true);
  } finally {
    probe.close();
  }
});

test('a network cut in the middle of a round: the round fails as the node not answering, and after heal the session is back', async () => {
  await session.ready;
  const probe = new ProbeSession(session.b, cluster.def, 'b', { slowPeriodMs: 60_000, idleSeconds: 60 });
  try {
    assert.ok(value((await probe.round()).postgres, 'postgres on b'));
    // Cut while the round runs.
    const round = probe.round().then(
      (f) => ({ ok: true as const, f }),
      (e: Error) => ({ ok: false as const, e }),
    );
    await lab('cut', 'b');
    const r = await round;
    await lab('heal', 'b');
    if (r.ok) assert.ok(r.f.host, 'a round that ended before the cut is whole');
    else assert.match(r.e.message, /timed out|connection|not connected|ended/);
    const back = await eventually(
      async () => {
        try {
          return await probe.round();
        } catch {
          return null;
        }
      },
      'a round after heal',
      60_000,
    );
    assert.equal(value(back.host, 'host').hostname, 'lab-b');
    assert.equal(probe.fallbackReason, null, 'still the session, not the per-round script');
  } finally {
    probe.close();
    await lab('heal', 'b');
  }
});

test('nothing stays on the node once the session ends: no directory, no psql, no program', async () => {
  await session.ready;
  const probe = new ProbeSession(session.a, cluster.def, 'a', { slowPeriodMs: 60_000, idleSeconds: 60 });
  await probe.round();
  const during = await inNode('a', 'ls -d /tmp/hapilot-session.* 2>/dev/null | wc -l');
  assert.equal(during.stdout.trim(), '1', 'the session keeps its private directory while it runs');
  probe.close();
  await eventually(async () => {
    const r = await inNode('a', 'ls -d /tmp/hapilot-session.* 2>/dev/null | wc -l; pgrep -fc "hp_[p] &&" || true', { reject: false });
    return r.stdout.trim().split('\n')[0] === '0' && r.stdout.trim().split('\n')[1] === '0';
  }, 'the program and its directory gone');
  const backends = await inNode(
    'a',
    `su postgres -c "psql -XAt -c \\"select count(*) from pg_stat_activity where application_name = 'psql' and pid <> pg_backend_pid()\\""`,
  );
  assert.equal(backends.stdout.trim(), '0', 'its PostgreSQL session is closed');
});

test('the session changes nothing on the node: under strace a round of every section only runs read-only programs and writes only its private directory', async () => {
  const cmd = sessionCommand(cluster.def, 'a', { idleSeconds: 60 });
  const nonce = newNonce();
  const names = sectionCommands(cluster.def).map((s) => s.name);
  const traced = `strace -f -qq -y -s 512 -e trace=${TRACED} -o /dev/stderr ${cmd.text.replace(/^exec /, '')}`;
  // The request, then the end of stdin: the program answers and ends as it does when the channel closes.
  const r = await execa('ssh', ['-F', LAB.sshConfig, '-o', 'BatchMode=yes', 'lab-a', traced], {
    input: `${cmd.stdin}round ${nonce} ${names.join(' ')}\n`,
    reject: false,
    timeout: 60_000,
  });
  assert.equal(r.exitCode, 0, String(r.stderr).slice(0, 500));
  assert.match(String(r.stdout), new RegExp(`@@hapilot:${nonce}:done@@\\n?$`));
  const { programs, writes, tempDir } = readTrace(String(r.stderr), 'hapilot-session');
  assert.ok(tempDir, 'the session made its private directory with mktemp -d');
  assert.ok(
    writes.some((w) => w.includes(tempDir!)),
    'the trace shows the section files being written (the check is not vacuous)',
  );
  assert.ok(programs.has('psql') && programs.has('du'), `traced programs: ${[...programs].join(' ')}`);
  assert.ok(
    !programs.has('redis-cli') && !programs.has('pgrep') && !programs.has('base64') && !programs.has('repmgr'),
    "builtins stand for redis-cli, pgrep and base64, and the open psql for repmgr's cluster show",
  );
  assert.deepEqual(
    [...programs].filter((p) => !READ_ONLY_PROGRAMS.has(p)),
    [],
    'only read-only programs run',
  );
  const allowed = (w: string) => w.includes(tempDir!) || /^\/dev\/(null|tty)$/.test(w) || /^\S+\(AT_FDCWD, "\/dev\/null"/.test(w);
  assert.deepEqual(
    writes.filter((w) => !allowed(w)),
    [],
    'nothing outside its private directory is written, moved or removed',
  );
  const gone = await inNode('a', `test ! -e ${shq(tempDir!)}`, { reject: false });
  assert.equal(gone.exitCode, 0, 'and the directory is gone once the session ends');
});
