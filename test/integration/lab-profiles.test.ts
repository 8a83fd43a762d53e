// lab.sh profile: one running lab becomes each kind of site in turn (lab/README.md, "Profiles"),
// each healthy and each what it says: which manager holds the VIP and how it moves, where
// PostgreSQL lives, how an operator logs in. It ends on `default`, as later test files expect.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { execa } from 'execa';
import { LAB, REPO, type LabNode, eventually, inNode, labProfile, psqlIn, requireLab, sshLab, switchProfile } from '../support/lab.js';
import { loadClusterFile } from '../../src/config/load-cluster.js';

const labSh = path.join(REPO, 'lab/lab.sh');

before(requireLab);
// Whatever failed, later test files get the default lab back.
after(async () => {
  if (labProfile() !== 'default') await switchProfile('default');
});

const holdsVip = async (node: LabNode) => (await inNode(node, 'ip -o -4 addr show dev eth0')).stdout.includes(` ${LAB.ip.vip}/`);
const vipOnlyOn = (node: LabNode) => async () => (await holdsVip(node)) && !(await holdsVip(node === 'a' ? 'b' : 'a'));

/** Over ssh with the lab's generated ssh_config, as hapilot and an operator reach the node. */
async function ssh(alias: string, command: string): Promise<string> {
  const r = await sshLab(alias, command);
  assert.equal(r.exitCode, 0, `ssh ${alias} ${command}: ${r.stderr}`);
  return r.stdout.trim();
}

/** What every profile promises: A primary, B streaming and synchronous, Redis replicating, the VIP on A. */
async function assertHealthy(profile: string) {
  assert.equal(labProfile(), profile);
  const status = await execa('bash', [labSh, 'status']);
  assert.match(status.stdout, new RegExp(`^\\[lab\\] profile: ${profile}$`, 'm'));
  assert.match(status.stdout, /lab-a .* postgres:primary +redis:master +holds VIP/);
  assert.match(status.stdout, /lab-b .* postgres:standby +redis:slave/);
  assert.equal(await psqlIn('b', "select status || ' ' || sender_host from pg_stat_wal_receiver"), `streaming ${LAB.ip.a}`);
  assert.equal(await psqlIn('a', 'select application_name, sync_state from pg_stat_replication'), 'lab-b|sync');
  assert.match((await inNode('b', 'redis-cli info replication')).stdout, /^master_link_status:up\r?$/m);
  assert.ok(await vipOnlyOn('a')(), 'the VIP is on A only');
  // The cluster file is valid for hapilot's current schema.
  return loadClusterFile(LAB.clusterFile).def;
}

async function processRuns(node: LabNode, name: string): Promise<boolean> {
  return (await inNode(node, `pidof ${name}`, { reject: false })).exitCode === 0;
}

test('keepalived-static: stock keepalived, static priorities with preempt, the instance in an included file', async () => {
  await switchProfile('keepalived-static');
  const def = await assertHealthy('keepalived-static');
  assert.ok(def.components.keepalived, 'keepalived is a component');
  assert.equal(def.components.keepalived.release_file, undefined);
  for (const [node, priority] of [
    ['a', 150],
    ['b', 100],
  ] as const) {
    const conf = (await inNode(node, 'cat /etc/keepalived/keepalived.conf')).stdout;
    assert.match(conf, /^include \/etc\/keepalived\/conf\.d\/\*\.conf$/m);
    assert.match(conf, /vrrp_script chk_sshd \{\s+script "\/usr\/bin\/pgrep -x sshd"/);
    const instance = (await inNode(node, 'cat /etc/keepalived/conf.d/vip.conf')).stdout;
    assert.match(instance, new RegExp(`^ +priority ${priority}$`, 'm'));
    assert.doesNotMatch(conf + instance, /nopreempt|track_file/);
    assert.equal((await inNode(node, 'test -e /etc/keepalived/hapilot-vip.release', { reject: false })).exitCode, 1);
  }
  // Preempt: the VIP goes to B while A's keepalived is away, and back to A by itself when it returns.
  await inNode('a', 'service keepalived stop');
  try {
    await eventually(vipOnlyOn('b'), 'the VIP on B while A is away', 15_000);
  } finally {
    await inNode('a', 'service keepalived start');
  }
  await eventually(vipOnlyOn('a'), 'A to take the VIP back by itself (preempt)', 15_000);
});

test("keepalived-script: the vrrp_script follows PostgreSQL's role", async () => {
  await switchProfile('keepalived-script');
  const def = await assertHealthy('keepalived-script');
  assert.equal(def.components.keepalived?.release_file, undefined);
  const conf = (await inNode('a', 'cat /etc/keepalived/keepalived.conf')).stdout;
  assert.match(conf, /vrrp_script chk_postgres_primary \{[^}]*weight 60/);
  assert.match(conf, /track_script \{\s+chk_postgres_primary\s+\}/);
  assert.doesNotMatch(conf, /nopreempt|track_file/);
  // The check succeeds on the primary only, and keepalived acts on it: A's priority is raised.
  assert.equal((await inNode('a', '/etc/keepalived/check_postgres_primary.sh', { reject: false })).exitCode, 0);
  assert.notEqual((await inNode('b', '/etc/keepalived/check_postgres_primary.sh', { reject: false })).exitCode, 0);
  const lastVerdict = async (node: LabNode) =>
    (await inNode(node, 'grep -o "VRRP_Script(chk_postgres_primary) [a-z_]*" /var/log/keepalived.log | tail -n 1')).stdout.trim();
  await eventually(
    async () => (await lastVerdict('a')).endsWith('succeeded') && (await lastVerdict('b')).endsWith('failed'),
    "keepalived's verdicts",
  );
});

test('pacemaker: no keepalived; Corosync and Pacemaker with an IPaddr2 resource on A; crm and pcs work over ssh', async () => {
  await switchProfile('pacemaker');
  const def = await assertHealthy('pacemaker');
  assert.equal(def.components.keepalived, undefined);
  for (const node of ['a', 'b'] as const) {
    assert.equal(await processRuns(node, 'keepalived'), false, `no keepalived on ${node}`);
    assert.ok(await processRuns(node, 'corosync'), `corosync on ${node}`);
    assert.ok(await processRuns(node, 'pacemakerd'), `pacemakerd on ${node}`);
  }
  const xml = await ssh(LAB.alias.a, 'crm_mon -1 --output-as=xml');
  assert.match(xml, /<node name="lab-a" [^>]*online="true"/);
  assert.match(xml, /<node name="lab-b" [^>]*online="true"/);
  assert.match(xml, /stonith-enabled="false"/);
  assert.match(xml, /<resource id="vip" resource_agent="ocf:heartbeat:IPaddr2" role="Started"[^>]*>\s*<node name="lab-a"/);
  assert.match(await ssh(LAB.alias.b, 'pcs status'), /vip\s+\(ocf:heartbeat:IPaddr2\):\s+Started lab-a/);
  // As hapilot will move it: crm resource move, then clear the constraint; stickiness keeps it there.
  await ssh(LAB.alias.a, 'crm resource move vip lab-b');
  await eventually(vipOnlyOn('b'), 'Pacemaker to move the VIP to B', 20_000);
  await ssh(LAB.alias.a, 'crm resource clear vip');
  assert.doesNotMatch(await ssh(LAB.alias.a, 'cibadmin --query --scope constraints'), /cli-prefer/);
  assert.ok(await vipOnlyOn('b')(), 'the VIP stays on B once the constraint is cleared');
  await ssh(LAB.alias.a, 'crm resource move vip lab-a');
  await eventually(vipOnlyOn('a'), 'Pacemaker to move the VIP back to A', 20_000);
  await ssh(LAB.alias.a, 'crm resource clear vip');
});

test('rhel: PostgreSQL in the PGDG layout, started with pg_ctl, and no Debian cluster tools in the node', async () => {
  await switchProfile('rhel');
  const def = await assertHealthy('rhel');
  assert.equal(def.components.postgres?.data_dir, '/var/lib/pgsql/15/data');
  assert.equal(def.components.repmgr?.config, '/etc/repmgr/15/repmgr.conf');
  for (const alias of [LAB.alias.a, LAB.alias.b]) {
    // A procedure that assumes Debian fails at once, with the shell's own "not found".
    const debian = await sshLab(alias, 'pg_ctlcluster 15 main status');
    assert.equal(debian.exitCode, 127, debian.stderr);
    assert.equal((await sshLab(alias, 'command -v pg_lsclusters')).exitCode, 1);
    assert.equal((await sshLab(alias, 'test -e /etc/postgresql || test -e /usr/lib/postgresql')).exitCode, 1);
    assert.match(await ssh(alias, 'ps -o args= -C postgres'), /^\/usr\/pgsql-15\/bin\/postgres -D \/var\/lib\/pgsql\/15\/data$/m);
    assert.equal(
      await ssh(alias, 'cd / && runuser -u postgres -- psql -XAtc "show config_file"'),
      '/var/lib/pgsql/15/data/postgresql.conf',
    );
    assert.match(await ssh(alias, 'service postgresql-15 status'), /server is running/);
    assert.equal(await ssh(alias, 'getent passwd postgres | cut -d: -f6'), '/var/lib/pgsql');
  }
  const cluster = await ssh(
    LAB.alias.a,
    'cd / && runuser -u postgres -- /usr/pgsql-15/bin/repmgr -f /etc/repmgr/15/repmgr.conf cluster show',
  );
  assert.match(cluster, /lab-a +\| primary +\| \* running/);
  assert.match(cluster, /lab-b +\| standby +\| {3}running +\| lab-a/);
});

test('stranger: sshd on 2222, a sudo login with root refused, hashed known_hosts, stock keepalived', async () => {
  await switchProfile('stranger');
  const def = await assertHealthy('stranger');
  assert.equal(def.nodes.a.sudo, true);
  assert.equal(def.nodes.b.sudo, true);
  assert.equal(def.components.keepalived?.release_file, undefined);
  assert.match(readFileSync(LAB.sshConfig, 'utf8'), /^ {2}Port 2222$/m);
  const knownHosts = readFileSync(LAB.knownHosts, 'utf8').split('\n').filter(Boolean);
  assert.ok(knownHosts.length > 0 && knownHosts.every((l) => l.startsWith('|1|')), 'every known_hosts entry is hashed');
  for (const alias of [LAB.alias.a, LAB.alias.b]) {
    assert.equal(await ssh(alias, 'id -un; sudo -n id -u'), 'ops\n0');
    const asRoot = await sshLab(alias, 'true', ['-o', 'User=root']);
    assert.equal(asRoot.exitCode, 255);
    assert.match(asRoot.stderr, /Permission denied/);
  }
  const port22 = await new Promise<string>((resolve) => {
    const s = net.connect({ host: LAB.ip.a, port: 22, timeout: 3000 });
    const done = (how: string) => {
      s.destroy();
      resolve(how);
    };
    s.on('connect', () => done('open'));
    s.on('error', (e: NodeJS.ErrnoException) => done(e.code ?? String(e)));
    s.on('timeout', () => done('timeout'));
  });
  assert.equal(port22, 'ECONNREFUSED');
  assert.ok(await processRuns('a', 'keepalived'));
  assert.match(await ssh(LAB.alias.a, 'sudo -n cat /etc/keepalived/conf.d/vip.conf'), /^ +priority 150$/m);
});

test('default: back to the lab as lab:up builds it (nopreempt, the release track_file, Debian, root)', async () => {
  await switchProfile('default');
  const def = await assertHealthy('default');
  assert.equal(def.components.keepalived?.release_file, '/etc/keepalived/hapilot-vip.release');
  assert.equal(def.nodes.a.sudo, false);
  assert.equal(def.components.postgres?.data_dir, undefined);
  const conf = await ssh(LAB.alias.a, 'cat /etc/keepalived/keepalived.conf /etc/keepalived/hapilot-vip.release');
  assert.match(conf, /^\s+nopreempt$/m);
  assert.match(conf, /^0$/m);
  assert.match(await ssh(LAB.alias.b, 'pg_lsclusters'), /^15 +main +5432 +online,recovery /m);
  assert.equal(await ssh(LAB.alias.a, 'id -un'), 'root');
  assert.equal((await inNode('a', 'id ops', { reject: false })).exitCode, 1, 'no ops user left');
});
