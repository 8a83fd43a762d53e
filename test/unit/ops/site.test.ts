// What a plan finds on each lab profile (the site look's raw output, captured on the lab:
// test/fixtures/site) and what it decides from it: how the VIP moves, how PostgreSQL is run, and
// the commands the procedures get; and what it refuses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCluster } from '../../../src/config/load-cluster.js';
import { loadProcedures } from '../../../src/ops/load-procedures.js';
import { buildPlan, planRecord } from '../../../src/ops/plan.js';
import { decideSite, SiteRefused } from '../../../src/ops/site.js';
import { decidedSite, siteFixture } from '../../support/site.js';
import { siteFactsFromOutput } from '../../../src/probes/site-look.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const cluster = (extra = '', vip = 'vip: { address: 198.18.12.10 }') =>
  parseCluster(
    `name: lab
nodes: { a: { alias: lab-a }, b: { alias: lab-b } }
${vip}
components:
  postgres: { version: 15, replication_user: repmgr, slots: { a: repmgr_slot_1, b: repmgr_slot_2 }${extra} }
`,
    '/x/lab.yaml',
  ).def;
const nodes = {
  a: { id: 'a' as const, name: 'lab-a', address: '198.18.12.11' },
  b: { id: 'b' as const, name: 'lab-b', address: '198.18.12.12' },
};
const AB = { primary: 'a', standby: 'b', basis: 'observed' } as const;
const BA = { primary: 'b', standby: 'a', basis: 'observed' } as const;

function plan(profile: string, def = cluster(), roles: typeof AB | typeof BA = AB, procedure = 'switchover') {
  const site = decidedSite(profile, def, nodes, roles);
  const rec = planRecord(buildPlan(loadProcedures().get(procedure)!.procedure, def, site.nodes, roles, site.lines), def);
  return { site, step: (id: string) => rec.find((r) => r.stepId === id)!, rec };
}

test('keepalived-static: the vrrp_instance in an included file is found, with its priority line', () => {
  const k = siteFixture('keepalived-static', cluster()).a.keepalived;
  assert.ok(k.known);
  assert.deepEqual(k.value.config.files, ['/etc/keepalived/keepalived.conf', '/etc/keepalived/conf.d/vip.conf']);
  const inst = k.value.config.instances[0]!;
  assert.equal(inst.priority, 150);
  assert.deepEqual(inst.priorityAt, { file: '/etc/keepalived/conf.d/vip.conf', line: 6 });
  assert.equal(inst.nopreempt, false);
  assert.deepEqual(k.value.config.problems, []);
});

test('keepalived-static: the switchover swaps the priorities in both files, each backed up, and undoes it on rollback', () => {
  const { site, step } = plan('keepalived-static');
  assert.match(site.lines[0]!, /^VIP: keepalived, swap-priorities \(.*lab-a 150 at \/etc\/keepalived\/conf\.d\/vip\.conf:6, lab-b 100 at/);
  const move = step('move-vip');
  assert.deepEqual(move.nodes, ['lab-a', 'lab-b']);
  assert.match(move.commands[0]!, /priority 150 -> 100 \(backup \$bak\)/);
  assert.match(move.commands[1]!, /priority 100 -> 150 \(backup \$bak\)/);
  for (const c of move.commands) assert.match(c, /bak=\/etc\/keepalived\/conf\.d\/vip\.conf\.hapilot-20261202T000000Z/);
  assert.equal(move.rollback!.commands.length, 2);
  assert.match(move.rollback!.commands[0]!, /cp -p -- "\$bak" \/etc\/keepalived\/conf\.d\/vip\.conf/);
  // Nothing is left to do once the VIP moved: no release file to reset.
  assert.equal(step('vip-eligible').condition?.startsWith('skipped'), true);
  assert.equal(step('vip-moved').condition, 'only when the cluster has vip and only when the site has vip_move.manager');
});

test('default: the release file is found in the configuration; the takeover writes it on lab-b', () => {
  const { step } = plan('default', cluster(), BA, 'takeover');
  assert.deepEqual(step('move-vip').nodes, ['lab-b']);
  assert.deepEqual(step('move-vip').commands, ["set -eu\nprintf '1\\n' > /etc/keepalived/hapilot-vip.release"]);
  assert.deepEqual(step('vip-eligible').commands, ["set -eu\nprintf '0\\n' > /etc/keepalived/hapilot-vip.release"]);
});

test('rhel: PostgreSQL is run with pg_ctl on its own data directory, found on the node; no pg_ctlcluster anywhere', () => {
  const { site, step, rec } = plan('rhel', cluster(', data_dir: /var/lib/pgsql/15/data'));
  assert.match(site.lines[1]!, /^PostgreSQL on lab-a: version 15, PGDG layout: pg_ctl -D \/var\/lib\/pgsql\/15\/data/);
  assert.deepEqual(step('stop-primary').commands, [
    'runuser -u postgres -- /usr/pgsql-15/bin/pg_ctl stop -D /var/lib/pgsql/15/data -m fast -w -t 120',
  ]);
  assert.deepEqual(step('promote').commands, [
    'runuser -u postgres -- /usr/pgsql-15/bin/pg_ctl promote -D /var/lib/pgsql/15/data -w -t 120',
  ]);
  // The values found on the node reach the script as data (assigned first, issue 11 item 1).
  assert.match(
    step('final-checkpoint').commands[0]!,
    /^hp_postgres_bin_dir='\/usr\/pgsql-15\/bin'\nhp_postgres_data_dir='\/var\/lib\/pgsql\/15\/data'\n/,
  );
  assert.match(step('final-checkpoint').commands[0]!, /"\$\{hp_postgres_bin_dir\}"\/pg_controldata "\$\{hp_postgres_data_dir\}"/);
  for (const r of rec) for (const c of r.commands) assert.doesNotMatch(c, /pg_ctlcluster|\/usr\/lib\/postgresql/, r.stepId);
});

test('rhel: failover fences with an immediate pg_ctl stop and standby.signal; rejoin starts with pg_ctl', () => {
  const def = cluster(', data_dir: /var/lib/pgsql/15/data');
  const fence = plan('rhel', def, AB, 'failover').step('fence-postgres').commands[0]!;
  assert.match(fence, /pg_ctl stop -D \/var\/lib\/pgsql\/15\/data -m immediate -w/);
  assert.match(fence, /touch -- \/var\/lib\/pgsql\/15\/data\/standby\.signal/);
  const rejoin = plan('rhel', def, AB, 'rejoin');
  assert.match(rejoin.step('start').commands[0]!, /pg_ctl start -D \/var\/lib\/pgsql\/15\/data/);
});

test('the cluster file may say the VIP is not moved, or give the site command that moves it', () => {
  const none = plan('default', cluster('', 'vip: { address: 198.18.12.10, manager: { use: none } }'));
  assert.match(none.site.lines[0]!, /^VIP: not moved \(vip.manager is none/);
  assert.ok(none.step('move-vip').condition?.startsWith('skipped'));
  assert.ok(none.step('vip-moved').condition?.startsWith('skipped'));

  const cmd = plan(
    'default',
    cluster('', 'vip: { address: 198.18.12.10, manager: { use: command, take: [rapidpro-cluster-setipmaster, "--force"] } }'),
  );
  assert.deepEqual(cmd.step('move-vip').nodes, ['lab-b']);
  assert.deepEqual(cmd.step('move-vip').commands, ['rapidpro-cluster-setipmaster --force']);
});

test('refused before any change: a VIP in no vrrp_instance names the files read', () => {
  const elsewhere = cluster('', 'vip: { address: 10.1.2.3 }');
  assert.throws(
    () => plan('keepalived-static', elsewhere),
    /^PlanError: step move-vip: \{\{vip_move\.command\}\} cannot be decided: VIP: the VIP 10\.1\.2\.3 is in no vrrp_instance on lab-a \(read \/etc\/keepalived\/keepalived\.conf, \/etc\/keepalived\/conf\.d\/vip\.conf\)$/,
  );
});

test('pacemaker: crm_mon and the CIB read on the node; the VIP resource is moved with crm_resource, the constraint cleared after', () => {
  const p = siteFixture('pacemaker', cluster()).a.pacemaker;
  assert.ok(p.known);
  assert.equal(p.value.localNode, 'lab-a');
  assert.deepEqual(
    p.value.nodes.map((n) => [n.name, n.online, n.standby]),
    [
      ['lab-a', true, false],
      ['lab-b', true, false],
    ],
  );
  assert.deepEqual(p.value.addresses, [{ id: 'vip', ip: '198.18.12.10', group: null }]);
  assert.deepEqual(p.value.resources[0]!.nodes, ['lab-a']);
  const { site, step } = plan('pacemaker');
  assert.match(
    site.lines[0]!,
    /^VIP: pacemaker, resource-move \(Pacemaker answers on lab-a and lab-b; Pacemaker's resource vip carries 198\.18\.12\.10 and runs on lab-a/,
  );
  assert.deepEqual(step('move-vip').nodes, ['lab-b']);
  assert.deepEqual(step('move-vip').commands, ['set -eu\ncrm_resource --move --resource vip --node lab-b']);
  assert.deepEqual(step('vip-eligible').commands, ['set -eu\ncrm_resource --clear --resource vip']);
  assert.match(
    step('move-vip').rollback!.commands[0]!,
    /crm_resource --move --resource vip --node lab-a\ncrm_resource --wait --timeout 60s/,
  );
});

test('pacemaker: a VIP no resource carries, or a target node in standby, is refused', () => {
  assert.throws(
    () => plan('pacemaker', cluster('', 'vip: { address: 10.1.2.3 }')),
    /VIP: no Pacemaker resource carries the VIP 10\.1\.2\.3 \(the CIB has vip 198\.18\.12\.10\)/,
  );
  const def = cluster();
  const site = siteFixture('pacemaker', def);
  assert.ok(site.b.pacemaker.known);
  for (const n of site.b.pacemaker.value.nodes) if (n.name === 'lab-b') n.standby = true;
  const d = decideSite({ def, nodes, roles: AB, facts: {}, site, stamp: 's' });
  assert.equal(d.vip, null);
  assert.match(d.lines[0]!, /^VIP: lab-b \(lab-b\) is in standby in Pacemaker: it cannot take the VIP/);
});

test('pacemaker: XML with a DOCTYPE is not read', () => {
  const text = readFileSync(path.join(import.meta.dirname, '../../fixtures/site/pacemaker-lab-a.txt'), 'utf8');
  const b64 = (x: string) => Buffer.from(x).toString('base64');
  const evil = text.replace(/^crm_mon\t0\t.*$/m, `crm_mon\t0\t${b64('<!DOCTYPE x [<!ENTITY a "aaaa">]><pacemaker-result/>')}`);
  const facts = siteFactsFromOutput(evil, 'c0ffee5173f1x7ur3', cluster());
  assert.deepEqual(facts.pacemaker, {
    known: false,
    reason: 'output did not parse: crm_mon output holds a DOCTYPE, which Pacemaker never writes: not read',
    cause: 'unparsable',
  });
});

test('auto with nothing on either node that moves the VIP is refused, saying what to name', () => {
  const def = cluster();
  const site = siteFixture('default', def);
  const without = {
    ...site.a,
    keepalived: { known: false as const, reason: 'keepalived is not installed', cause: 'not-installed' as const },
  };
  const d = decideSite({ def, nodes, roles: AB, facts: {}, site: { a: without, b: { ...without } }, stamp: 's' });
  assert.equal(d.vip, null);
  assert.match(
    d.lines[0]!,
    /^VIP: nothing found that moves the VIP 198\.18\.12\.10 .*name it in the cluster file \(vip\.manager use: keepalived, pacemaker, command or none\)/,
  );
});

test('a layout that cannot be decided stops the plan with the node and the reason', () => {
  const def = parseCluster(
    'name: lab\nnodes: { a: { alias: lab-a }, b: { alias: lab-b } }\ncomponents:\n  postgres: { version: 13 }\n',
    '/x/lab.yaml',
  ).def;
  assert.throws(
    () => decideSite({ def, nodes, roles: AB, facts: {}, site: siteFixture('default', def), stamp: 's' }),
    (e: unknown) => e instanceof SiteRefused && /^PostgreSQL on lab-a: the cluster file says PostgreSQL 13, .* says 15/.test(e.message),
  );
});

test('keepalived-script: a vrrp_script that checks pg_is_in_recovery follows the role: nothing to run, the VIP is waited for', () => {
  const k = siteFixture('keepalived-script', cluster()).b.keepalived;
  assert.ok(k.known);
  assert.match(k.value.scriptTexts['/etc/keepalived/check_postgres_primary.sh'] ?? '', /pg_is_in_recovery/);
  const { site, step } = plan('keepalived-script');
  assert.match(
    site.lines[0]!,
    /^VIP: keepalived, follows-role \(.*tracks vrrp_script chk_postgres_primary \(\/etc\/keepalived\/check_postgres_primary\.sh/,
  );
  assert.equal(step('move-vip').condition, 'skipped: nothing to run on this site (see the lines above the steps)');
  assert.equal(step('vip-moved').condition, 'only when the cluster has vip and only when the site has vip_move.manager');
});
