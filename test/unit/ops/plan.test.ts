import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadProcedures } from '../../../src/ops/load-procedures.js';
import { buildPlan, planRecord, resolveRunRoles, PlanError } from '../../../src/ops/plan.js';
import { parseCluster } from '../../../src/config/load-cluster.js';
import { assess } from '../../../src/cluster/assessment.js';
import { known } from '../../../src/cluster/facts.js';
import { healthyPair, reachable, unreachable, standbyPg, NOW } from '../../support/facts.js';
import type { Observation } from '../../../src/ops/predicates.js';
import { decidedSite } from '../../support/site.js';

const lab = parseCluster(
  `name: lab
nodes: { a: { alias: lab-a }, b: { alias: lab-b } }
vip: { address: 198.18.12.10 }
components:
  role_files: { role: /etc/rapidpro.role, status: /etc/rapidpro.status }
  postgres: { version: 15, replication_user: repmgr, slots: { a: repmgr_slot_1, b: repmgr_slot_2 }, synchronous: true }
  repmgr: {}
  redis: {}
  keepalived: { release_file: /etc/keepalived/hapilot-vip.release }
`,
  '/x/lab.yaml',
).def;
const bare = parseCluster(
  `name: bare\nnodes: { a: { alias: n1 }, b: { alias: n2 } }\ncomponents:\n  postgres: { version: 15 }\n`,
  '/x/bare.yaml',
).def;
const nodes = {
  a: { id: 'a' as const, name: 'lab-a', address: '198.18.0.11' },
  b: { id: 'b' as const, name: 'lab-b', address: '198.18.0.12' },
};

function observation(kind: 'healthy' | 'a-dead' = 'healthy'): Observation {
  const p = healthyPair();
  const obsNodes =
    kind === 'healthy' ? { a: reachable(p.a), b: reachable(p.b) } : { a: unreachable('a', 'connect timed out'), b: reachable(p.b) };
  return {
    facts: kind === 'healthy' ? { a: p.a, b: p.b } : { b: p.b },
    unreachable: kind === 'healthy' ? {} : { a: 'connect timed out' },
    assessment: assess({ nodes: obsNodes }, lab, NOW),
  };
}

test('the built-in procedures load, and takeover is a switchover with the original layout pinned', () => {
  const all = loadProcedures();
  assert.deepEqual([...all.keys()].sort(), ['failover', 'rejoin', 'switchover', 'takeover']);
  const sw = all.get('switchover')!;
  const tk = all.get('takeover')!;
  assert.deepEqual(
    tk.procedure.steps.map((s) => s.id),
    sw.procedure.steps.map((s) => s.id),
  );
  assert.deepEqual(tk.procedure.roles, { primary: 'b', standby: 'a' });
  assert.notEqual(tk.hash, sw.hash);
  assert.match(sw.hash, /^[0-9a-f]{64}$/);
});

test('the switchover plan shows every command resolved against the observed roles', () => {
  const { procedure } = loadProcedures().get('switchover')!;
  const roles = resolveRunRoles(procedure, observation());
  assert.deepEqual(roles, { primary: 'a', standby: 'b', basis: 'PostgreSQL' });
  const site = decidedSite('default', lab, nodes, roles);
  const rec = planRecord(buildPlan(procedure, lab, site.nodes, roles, site.lines), lab);
  const step = (id: string) => rec.find((r) => r.stepId === id)!;
  assert.deepEqual(step('stop-primary'), {
    stepId: 'stop-primary',
    kind: 'run',
    title: 'Stop PostgreSQL on the primary (clean shutdown)',
    nodes: ['lab-a'],
    commands: ['pg_ctlcluster 15 main stop -m fast'],
    changes: true,
    destructive: true,
    rollback: { title: 'Start PostgreSQL again on the old primary', commands: ['pg_ctlcluster 15 main start'], destructive: false },
  });
  assert.deepEqual(step('promote').nodes, ['lab-b']);
  assert.equal(step('promote').commands[0], 'pg_ctlcluster 15 main promote');
  assert.match(
    step('configure-old-primary').commands[0]!,
    /primary_conninfo = '\\''host=198\.18\.0\.12 port=5432 user=repmgr application_name=lab-a connect_timeout=5'\\''/,
  );
  assert.match(step('configure-old-primary').commands[0]!, /touch "\$data\/standby\.signal"/, 'PostgreSQL 15: standby.signal');
  assert.deepEqual(site.lines.slice(0, 2), [
    "VIP: keepalived, release-file (keepalived runs on lab-a and lab-b; lab-a's instance lab_vip tracks /etc/keepalived/hapilot-vip.release (vrrp_track_file hapilot_release, weight 0, /etc/keepalived/keepalived.conf:10): a non-zero number there puts the instance in FAULT, so it releases the VIP to its peer)",
    'PostgreSQL on lab-a: version 15, Debian layout: pg_ctlcluster 15 main found (pg_lsclusters lists /var/lib/postgresql/15/main (the running postmaster, PID 212, works there))',
  ]);
  assert.deepEqual(step('move-vip').nodes, ['lab-a']);
  // Shell code hapilot built from what keepalived's files say, the path quoted when it was built.
  assert.deepEqual(step('move-vip').commands, ["set -eu\nprintf '1\\n' > /etc/keepalived/hapilot-vip.release"]);
  assert.match(step('standby-has-everything').kind, /wait/);
  for (const r of rec) for (const c of r.commands) assert.doesNotMatch(c, /\{\{/, `${r.stepId} left a placeholder`);
});

test('steps for components a cluster lacks are marked skipped in the plan', () => {
  const { procedure } = loadProcedures().get('switchover')!;
  const roles = { primary: 'a', standby: 'b', basis: 'x' } as const;
  const site = decidedSite('default', bare, nodes, roles);
  const rec = planRecord(buildPlan(procedure, bare, site.nodes, roles, site.lines), bare);
  const skipped = rec.filter((r) => r.condition?.startsWith('skipped')).map((r) => r.stepId);
  assert.deepEqual(skipped, [
    'stop-primary-only',
    'start-primary-only',
    'start-primary-only-up',
    'move-vip',
    'vip-moved',
    'redis-sentinel-failover',
    'redis-sentinel-moved',
    'redis-master',
    'redis-replica',
    'redis-follows',
    'vip-eligible',
    'repmgr-primary',
    'repmgr-standby',
    'role-files',
  ]);
  assert.deepEqual(rec.find((r) => r.stepId === 'redis-master')!.commands, []);
});

test('failover acts on the standby that answers when the primary is gone; its fencing depends on reachability', () => {
  const { procedure } = loadProcedures().get('failover')!;
  const roles = resolveRunRoles(procedure, observation('a-dead'));
  assert.deepEqual({ primary: roles.primary, standby: roles.standby }, { primary: 'a', standby: 'b' });
  const site = decidedSite('default', lab, nodes, roles, { answering: ['b'] });
  const rec = planRecord(buildPlan(procedure, lab, site.nodes, roles, site.lines), lab);
  assert.equal(rec.find((r) => r.stepId === 'fence-postgres')!.condition, 'only when the primary node answers');
  assert.equal(rec.find((r) => r.stepId === 'fence-confirm')!.condition, 'only when the primary node does not answer');
  assert.equal(
    rec.find((r) => r.stepId === 'fence-vip')!.condition,
    'only when the primary node answers and only when the site has keepalived.release_file',
  );
});

test('without a primary or a single standby, the plan refuses to guess roles', () => {
  const { procedure } = loadProcedures().get('switchover')!;
  const p = healthyPair();
  p.a.postgres = known(standbyPg());
  const obs: Observation = {
    facts: { a: p.a, b: p.b },
    unreachable: {},
    assessment: assess({ nodes: { a: reachable(p.a), b: reachable(p.b) } }, lab, NOW),
  };
  assert.throws(
    () => resolveRunRoles(procedure, obs),
    (e: unknown) => e instanceof PlanError && /cannot tell which node is the primary \(no PostgreSQL primary\)/.test(e.message),
  );
});

test('a site procedure loads from its folder; a typo in a predicate or a clash with a built-in is refused', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hapilot-proc-'));
  writeFileSync(
    path.join(dir, 'uat.yaml'),
    `name: uat\ntitle: UAT\ndescription: run the customer's checks\nsteps:\n  - { id: list, kind: manual, title: UAT list, instructions: Run it, checklist: [calls, voicemail] }\n  - { id: ok, kind: check, title: fine, expect: [healhty] }\n`,
  );
  const all = loadProcedures(dir);
  assert.equal(all.get('uat')!.builtin, false);
  assert.throws(
    () => buildPlan(all.get('uat')!.procedure, lab, nodes, { primary: 'a', standby: 'b', basis: 'x' }),
    /step ok: unknown predicate "healhty"/,
  );
  writeFileSync(
    path.join(dir, 'x.yaml'),
    `name: switchover\ntitle: t\ndescription: d\nsteps: [{ id: a, kind: check, title: t, expect: [healthy] }]\n`,
  );
  assert.throws(() => loadProcedures(dir), /a procedure named "switchover" already exists/);
});

test('a procedure file with a mistake is reported with its line and field', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hapilot-proc-'));
  writeFileSync(
    path.join(dir, 'bad.yaml'),
    `name: bad\ntitle: t\ndescription: d\nsteps:\n  - id: x\n    kind: run\n    on: primray\n    command: [true]\n    title: t\n`,
  );
  assert.throws(() => loadProcedures(dir), /bad\.yaml:7:5: steps\.0\.on: /);
});

test('item 1: a script that uses a captured value is shown exactly in the plan; only its assignment waits for the run', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hapilot-plan-'));
  writeFileSync(
    path.join(dir, 'carry.yaml'),
    `name: carry\ntitle: Carry\ndescription: d\nsteps:\n  - { id: read, kind: run, title: read, on: a, changes: false, capture: x, command: [hostname] }\n  - id: use\n    kind: run\n    title: use\n    on: b\n    script: echo "got {{vars.x}}"\n`,
  );
  const { procedure } = loadProcedures(dir).get('carry')!;
  const rec = planRecord(buildPlan(procedure, lab, nodes, { primary: 'a', standby: 'b', basis: 'test' }), lab);
  assert.deepEqual(rec.find((r) => r.stepId === 'use')!.commands, [
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the shell's ${hp_...}, not a JavaScript template
    'hp_vars_x=… # vars.x, captured by an earlier step, assigned when this step runs\necho "got ${hp_vars_x}"',
  ]);
});

test('a cluster whose databases are independent (Wazo) refuses the streaming procedures, saying why', () => {
  const wazo = parseCluster(
    `name: wazo\nnodes: { a: { alias: w1 }, b: { alias: w2 } }\ncomponents:\n  postgres: { version: 11, independent: true }\n`,
    '/x/wazo.yaml',
  ).def;
  for (const name of ['switchover', 'failover', 'rejoin', 'takeover']) {
    const { procedure } = loadProcedures().get(name)!;
    assert.throws(
      () => buildPlan(procedure, wazo, nodes, { primary: 'a', standby: 'b', basis: 'x' }),
      (e: Error) => e instanceof PlanError && /declares postgres\.independent: its nodes each have their own database/.test(e.message),
    );
  }
});
