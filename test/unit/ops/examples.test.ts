// Every example in config/ plans every procedure that applies to it, on nodes built as that site
// builds them: what the site look would find there (keepalived's configuration, Pacemaker's
// state, the PostgreSQL layout of its distribution and version) from captured or documented
// output (test/fixtures/site, test/fixtures/probes/postgres). `run --list` offers the same
// procedures, and names the ones that do not apply.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO } from '../../support/lab.js';
import { hapilot } from '../../support/hapilot.js';
import { known, unknown, type NodeId } from '../../../src/cluster/facts.js';
import { loadClusterFile } from '../../../src/config/load-cluster.js';
import type { ClusterDefinition } from '../../../src/config/schema.js';
import { loadProcedures } from '../../../src/ops/load-procedures.js';
import { buildPlan, notApplicable, planRecord } from '../../../src/ops/plan.js';
import { decideSite } from '../../../src/ops/site.js';
import { parseKeepalivedConfig } from '../../../src/probes/parse/keepalived-conf.js';
import { parsePostgresLayout } from '../../../src/probes/parse/postgres-layout.js';
import type { SiteFacts } from '../../../src/probes/site-look.js';
import { siteFixture } from '../../support/site.js';

const LAYOUTS = path.join(REPO, 'test/fixtures/probes/postgres');
const CTX = { sectionTimeout: 25 };

/** The layout look of each example's PostgreSQL: its distribution's packages, its version. */
const LAYOUT: Record<string, string> = {
  'rapidpro-prod': 'documented-layout-suse96-systemd-stopped.txt', // SUSE, PostgreSQL 9.6
  'omnileads-ha': 'documented-layout-pgdg14-systemd-running.txt', // CentOS 7, PGDG 14
  'tvox-customer': 'documented-layout-pgdg12-systemd-running.txt', // CentOS 7, PGDG 12
  'wazo-prod': 'documented-layout-pgdg11-systemd-running.txt', // PostgreSQL 11
};

/** What holds each example's VIP: RapidPro's is Pacemaker's, OMniLeads' keepalived's (TVOX: stock keepalived too). */
const VIP_MANAGER: Record<string, 'keepalived' | 'pacemaker'> = {
  'rapidpro-prod': 'pacemaker',
  'omnileads-ha': 'keepalived',
  'tvox-customer': 'keepalived',
};

/** keepalived as most sites set it up: static priorities with preempt, a check on a process. */
const stockKeepalived = (vip: string, priority: number) => `vrrp_script chk_pg {
    script "/usr/bin/pgrep -x postgres"
    interval 2
    weight -20
}
vrrp_instance VI_1 {
    state ${priority > 120 ? 'MASTER' : 'BACKUP'}
    interface eth0
    virtual_router_id 51
    priority ${priority}
    advert_int 1
    track_script {
        chk_pg
    }
    virtual_ipaddress {
        ${vip}/24 dev eth0
    }
}
`;

/** Pacemaker's state as captured on the pacemaker lab, with the example's VIP in the resource. */
function pacemakerWith(vip: string, def: ClusterDefinition, id: NodeId) {
  const p = siteFixture('pacemaker', def)[id].pacemaker;
  assert.ok(p.known);
  return known({ ...p.value, addresses: p.value.addresses.map((a) => ({ ...a, ip: vip })) });
}

/** The nodes as they stand before the procedure: the primary holds the VIP with the higher priority. */
function siteOf(def: ClusterDefinition, primary: NodeId): Partial<Record<NodeId, SiteFacts>> {
  const layoutFile = LAYOUT[def.name];
  const layout = layoutFile
    ? parsePostgresLayout(
        {
          name: 'pg_layout',
          stdout: readFileSync(path.join(LAYOUTS, layoutFile), 'utf8'),
          stderr: '',
          exitCode: 0,
          timedOut: false,
          complete: true,
        },
        CTX,
      )
    : null;
  const manager = VIP_MANAGER[def.name];
  const one = (id: NodeId): SiteFacts => {
    const main = '/etc/keepalived/keepalived.conf';
    const keepalived =
      manager === 'keepalived' && def.vip
        ? known({
            present: true,
            running: true,
            main,
            config: parseKeepalivedConfig({
              main,
              files: new Map([[main, stockKeepalived(def.vip.address, id === primary ? 150 : 100)]]),
              includes: [],
              configId: id,
            }),
            scriptTexts: {},
          })
        : unknown('keepalived is not installed (no keepalived program, no /etc/keepalived)', 'not-installed');
    const pacemaker =
      manager === 'pacemaker' && def.vip
        ? pacemakerWith(def.vip.address, def, id)
        : unknown('Pacemaker is not installed (no crm_mon)', 'not-installed');
    return { keepalived, pacemaker, pgLayout: def.components.postgres ? layout : null };
  };
  return { a: one('a'), b: one('b') };
}

const examples = readdirSync(path.join(REPO, 'config')).filter((f) => f.endsWith('.yaml'));

for (const file of examples) {
  test(`config/${file}: every procedure that applies plans, with the site's own commands`, () => {
    const def = loadClusterFile(path.join(REPO, 'config', file)).def;
    const nodes = {
      a: { id: 'a' as const, name: 'node-a', address: '192.0.2.1' },
      b: { id: 'b' as const, name: 'node-b', address: '192.0.2.2' },
    };
    const all = [...loadProcedures(def.procedures_dir)].sort(([x], [y]) => x.localeCompare(y));
    const applies = all.filter(([, p]) => notApplicable(p.procedure, def) === null);
    if (!def.components.postgres) {
      assert.deepEqual(applies, [], 'every built-in procedure needs PostgreSQL');
      return;
    }
    if (def.components.postgres.independent) {
      assert.deepEqual(applies, [], 'the built-in procedures move a streaming primary; independent databases have none');
      return;
    }
    assert.deepEqual(
      applies.map(([n]) => n),
      ['failover', 'rejoin', 'switchover', 'takeover'],
    );
    for (const [name, loaded] of applies) {
      const roles = {
        primary: loaded.procedure.roles.primary ?? ('a' as const),
        standby: loaded.procedure.roles.standby ?? ('b' as const),
        basis: 'example',
      };
      const site = decideSite({ def, nodes, roles, facts: {}, site: siteOf(def, roles.primary), stamp: '20261202T000000Z' });
      const rec = planRecord(buildPlan(loaded.procedure, def, site.nodes, roles, site.lines), def);
      for (const r of rec) for (const c of r.commands) assert.doesNotMatch(c, /\{\{/, `${name} ${r.stepId}`);
      const text = rec.flatMap((r) => r.commands).join('\n');
      // Each site's PostgreSQL is run its own way: no Debian command where there is no Debian.
      assert.doesNotMatch(text, /pg_ctlcluster/, `${file} ${name}`);
      if (name === 'switchover') {
        const step = (id: string) => rec.find((r) => r.stepId === id)!;
        const vip = site.lines[0]!;
        if (!def.vip) assert.match(vip, /^VIP: not moved \(the cluster file names no VIP\)/);
        else if (VIP_MANAGER[def.name] === 'pacemaker')
          assert.match(step('move-vip').commands[0]!, /crm_resource --move --resource vip --node lab-b/);
        else assert.match(step('move-vip').commands[0]!, /priority 150 -> 100/);
        const pg = def.components.postgres.version;
        assert.match(
          step('configure-old-primary').commands[0]!,
          pg < 12 ? /recovery\.conf/ : /standby\.signal/,
          `${file}: PostgreSQL ${pg}`,
        );
        assert.match(site.lines[1]!, new RegExp(`^PostgreSQL on node-a: version ${String(pg).replace('.', '\\.')}, `));
      }
    }
  });
}

test('run --list offers the procedures that apply, and names the others with why not', async () => {
  const carbonio = await hapilot(['run', '--list', '-c', path.join(REPO, 'config/carbonio.yaml')]);
  assert.equal(carbonio.exitCode, 0, carbonio.stderr);
  assert.equal(
    carbonio.stdout,
    'not for cluster carbonio-mail: failover (needs postgres), rejoin (needs postgres), switchover (needs postgres), takeover (needs postgres)',
  );
  const wazo = await hapilot(['run', '--list', '-c', path.join(REPO, 'config/wazo.yaml')]);
  assert.match(
    wazo.stdout,
    /^not for cluster wazo-prod: failover \(moves a streaming PostgreSQL primary, but cluster wazo-prod declares postgres\.independent/,
  );
  const rapidpro = await hapilot(['run', '--list', '-c', path.join(REPO, 'config/rapidpro.yaml')]);
  assert.deepEqual(
    rapidpro.stdout
      .trim()
      .split('\n')
      .map((l) => l.split(/\s+/)[0]),
    ['failover', 'rejoin', 'switchover', 'takeover'],
  );
});
