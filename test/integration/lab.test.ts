// The lab is real: two isolated nodes reachable over ssh with strict host-key checking,
// PostgreSQL streaming from A to B, Redis replicating, the VIP on A.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir, hostname } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { LAB, requireLab, sshLab, inNode, psqlIn, labSecrets, eventually } from '../support/lab.js';

before(requireLab);

test('both nodes answer over ssh with strict host-key checking, each with its own hostname', async () => {
  const a = await sshLab(LAB.alias.a, 'hostname');
  const b = await sshLab(LAB.alias.b, 'hostname');
  assert.equal(a.exitCode, 0, a.stderr);
  assert.equal(b.exitCode, 0, b.stderr);
  assert.equal(a.stdout.trim(), 'lab-a');
  assert.equal(b.stdout.trim(), 'lab-b');
  assert.notEqual(hostname(), 'lab-a');
});

test('a node whose host key is not the one recorded is refused', async () => {
  // known_hosts that gives lab-a the key of lab-b: ssh must refuse, not connect.
  const lines = readFileSync(LAB.knownHosts, 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('lab-b,'));
  const dir = mkdtempSync(path.join(tmpdir(), 'hapilot-kh-'));
  const wrong = path.join(dir, 'known_hosts');
  writeFileSync(wrong, `${lines.map((l) => l.replace(/^lab-b,\S+/, `lab-a,${LAB.ip.a}`)).join('\n')}\n`);
  const r = await sshLab(LAB.alias.a, 'true', ['-o', `UserKnownHostsFile=${wrong}`]);
  assert.notEqual(r.exitCode, 0);
  assert.match(r.stderr, /HOST IDENTIFICATION HAS CHANGED|Host key verification failed/);
});

test('nodes are isolated: no default route, private /etc', async () => {
  const routes = await inNode('a', 'ip route show default');
  assert.equal(routes.stdout.trim(), '');
  const role = await inNode('a', 'cat /etc/rapidpro.role');
  assert.equal(role.stdout.trim(), 'master');
  assert.throws(() => readFileSync('/etc/rapidpro.role'), /ENOENT/);
});

test('PostgreSQL: A is primary, B is in recovery and streaming from A through its slot', async () => {
  assert.equal(await psqlIn('a', 'select pg_is_in_recovery()'), 'f');
  assert.equal(await psqlIn('b', 'select pg_is_in_recovery()'), 't');
  const receiver = await psqlIn('b', "select status || ' ' || sender_host || ' ' || slot_name from pg_stat_wal_receiver");
  assert.equal(receiver, `streaming ${LAB.ip.a} repmgr_slot_2`);
  const sender = await psqlIn('a', 'select application_name, state from pg_stat_replication');
  assert.equal(sender, 'lab-b|streaming');
  const nodes = await psqlIn('a', 'select node_name, type from repmgr.nodes order by node_id', 'repmgr');
  assert.equal(nodes, 'lab-a|primary\nlab-b|standby');
});

test('a row written on A is readable on B', async () => {
  const { appPassword } = labSecrets();
  const note = `lab-test-${process.pid}-${Date.now()}`;
  const writer = new pg.Client({ host: LAB.ip.a, user: 'app', password: appPassword, database: 'app' });
  await writer.connect();
  try {
    await writer.query('insert into lab_rows (note) values ($1)', [note]);
  } finally {
    await writer.end();
  }
  const reader = new pg.Client({ host: LAB.ip.b, user: 'app', password: appPassword, database: 'app' });
  await reader.connect();
  try {
    await eventually(async () => {
      const r = await reader.query('select count(*)::int as n from lab_rows where note = $1', [note]);
      return r.rows[0].n === 1;
    }, 'the row to replicate to B');
    await assert.rejects(reader.query("insert into lab_rows (note) values ('x')"), /read-only transaction/);
  } finally {
    await reader.end();
  }
});

test('Redis: master on A, replica of A on B with the link up', async () => {
  const a = await inNode('a', 'redis-cli info replication');
  const b = await inNode('b', 'redis-cli info replication');
  assert.match(a.stdout, /^role:master\r?$/m);
  assert.match(a.stdout, /^connected_slaves:1\r?$/m);
  assert.match(b.stdout, /^role:slave\r?$/m);
  assert.match(b.stdout, new RegExp(`^master_host:${LAB.ip.a.replaceAll('.', '\\.')}\\r?$`, 'm'));
  assert.match(b.stdout, /^master_link_status:up\r?$/m);
});

test('the VIP is on A only, and answers ssh as lab-a', async () => {
  const a = await inNode('a', 'ip -o -4 addr show dev eth0');
  const b = await inNode('b', 'ip -o -4 addr show dev eth0');
  assert.match(a.stdout, new RegExp(` ${LAB.ip.vip.replaceAll('.', '\\.')}/24 `));
  assert.doesNotMatch(b.stdout, new RegExp(` ${LAB.ip.vip.replaceAll('.', '\\.')}/`));
  const viaVip = await sshLab(LAB.alias.vip, 'hostname');
  assert.equal(viaVip.exitCode, 0, viaVip.stderr);
  assert.equal(viaVip.stdout.trim(), 'lab-a');
});

test('the MongoDB stand-in reports a replica set consistent with the role files', async () => {
  const r = await sshLab(LAB.alias.b, `mongosh --quiet --eval 'JSON.stringify(rs.status())'`);
  assert.equal(r.exitCode, 0, r.stderr);
  const doc = JSON.parse(r.stdout) as { members: { name: string; stateStr: string; self?: boolean }[] };
  const states = Object.fromEntries(doc.members.map((m) => [m.name, m.stateStr]));
  assert.deepEqual(states, { 'lab-a:27017': 'PRIMARY', 'lab-b:27017': 'SECONDARY' });
  assert.equal(doc.members.find((m) => m.self)?.name, 'lab-b:27017');
});

test("the VIP moves to B when A's keepalived stops, stays there when it returns, and goes back when B releases it", async () => {
  const holds = async (node: 'a' | 'b') => (await inNode(node, 'ip -o -4 addr show dev eth0')).stdout.includes(` ${LAB.ip.vip}/24 `);
  await inNode('a', 'service keepalived stop');
  try {
    await eventually(async () => (await holds('b')) && !(await holds('a')), 'the VIP on B only', 15_000);
  } finally {
    await inNode('a', 'service keepalived start');
  }
  // nopreempt: A's higher priority does not pull the VIP back by itself (no flapping after a failover).
  await new Promise((r) => setTimeout(r, 4000));
  assert.ok((await holds('b')) && !(await holds('a')), 'the VIP stays on B');
  // hapilot moves it on purpose: B's release file puts its keepalived in FAULT.
  await inNode('b', 'echo 1 > /etc/keepalived/hapilot-vip.release');
  try {
    await eventually(async () => (await holds('a')) && !(await holds('b')), 'the VIP back on A only', 15_000);
  } finally {
    await inNode('b', 'echo 0 > /etc/keepalived/hapilot-vip.release');
  }
});
