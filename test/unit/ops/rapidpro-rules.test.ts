// RapidPro's guard rails in the procedures: a standby in failure or transient is never promoted,
// a rejoined node goes through disabled, and the services that run on the master alone are
// stopped on the old primary before the switch and started on the new one after it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadProcedures } from '../../../src/ops/load-procedures.js';
import { buildPlan, planRecord } from '../../../src/ops/plan.js';
import { evaluate, type Observation, type PredicateContext } from '../../../src/ops/predicates.js';
import { parseCluster } from '../../../src/config/load-cluster.js';
import { assess } from '../../../src/cluster/assessment.js';
import { known } from '../../../src/cluster/facts.js';
import { healthyPair, reachable, NOW } from '../../support/facts.js';
import { decidedSite } from '../../support/site.js';
import type { Procedure } from '../../../src/ops/procedure-schema.js';

const rapidpro = parseCluster(
  `name: rp
nodes: { a: { alias: sms1 }, b: { alias: sms2 } }
components:
  role_files: { role: /etc/rapidpro.role, status: /etc/rapidpro.status }
  services:
    - { name: celery, run_on: primary }
    - { name: celerybeat, run_on: primary }
    - { name: postgresql, process: postgres }
  postgres: { version: 15 }
`,
  '/x/rp.yaml',
).def;
const nodes = {
  a: { id: 'a' as const, name: 'sms1', address: '10.0.0.1' },
  b: { id: 'b' as const, name: 'sms2', address: '10.0.0.2' },
};
const roles = { primary: 'a' as const, standby: 'b' as const };
const ctx: PredicateContext = { def: rapidpro, nodes, roles, render: (t) => t };
/** A plan as on the lab's default site (what the site look found there: test/fixtures/site). */
function sitePlan(procedure: Procedure) {
  const site = decidedSite('default', rapidpro, nodes, roles);
  return buildPlan(procedure, rapidpro, site.nodes, { ...roles, basis: 'test' }, site.lines);
}

function observe(change: (p: ReturnType<typeof healthyPair>) => void = () => {}): Observation {
  const p = healthyPair();
  p.a.name = 'sms1';
  p.b.name = 'sms2';
  change(p);
  return {
    facts: { a: p.a, b: p.b },
    unreachable: {},
    assessment: assess({ nodes: { a: reachable(p.a), b: reachable(p.b) } }, rapidpro, NOW),
  };
}

for (const status of ['failure', 'transient']) {
  test(`a standby whose status file says ${status} is refused promotion, naming the file and the value`, () => {
    const r = evaluate(
      { is: 'promotable-status', node: 'standby' },
      observe((p) => (p.b.roleFiles = known({ role: 'slave', status }))),
      ctx,
    );
    assert.equal(r.ok, false);
    assert.match(r.detail, new RegExp(`/etc/rapidpro\\.status says ${status}`));
  });
}

test('a standby that is working or disabled may be promoted; an unreadable status file may not', () => {
  for (const status of ['working', 'disabled']) {
    const r = evaluate(
      { is: 'promotable-status', node: 'standby' },
      observe((p) => (p.b.roleFiles = known({ role: 'slave', status }))),
      ctx,
    );
    assert.equal(r.ok, true, r.detail);
  }
  const unread = evaluate(
    { is: 'promotable-status', node: 'standby' },
    observe((p) => (p.b.roleFiles = { known: false, reason: 'permission denied', cause: 'failed' } as never)),
    ctx,
  );
  assert.equal(unread.ok, false);
  assert.match(unread.detail, /cannot read \/etc\/rapidpro\.status: permission denied/);
});

test('failover and switchover check the standby status before anything changes', () => {
  for (const name of ['failover', 'switchover', 'takeover']) {
    const { procedure } = loadProcedures().get(name)!;
    assert.ok(
      procedure.preflight.some((p) => typeof p === 'object' && p.is === 'promotable-status' && p.node === 'standby'),
      `${name} preflight`,
    );
  }
});

test('rejoin marks the node disabled before anything else and working only at the end', () => {
  const { procedure } = loadProcedures().get('rejoin')!;
  const rec = planRecord(sitePlan(procedure), rapidpro);
  const ids = rec.map((r) => r.stepId);
  assert.equal(ids[0], 'status-disabled');
  assert.deepEqual(rec[0]!.nodes, ['sms2']);
  // Values reach scripts as data: assigned first, then used as variables (issue 11 item 1).
  assert.equal(
    rec[0]!.commands[0],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the shell's ${hp_...}, not a JavaScript template
    "hp_role_files_status='/etc/rapidpro.status'\nset -eu\nprintf 'disabled\\n' > \"${hp_role_files_status}\"",
  );
  assert.ok(ids.indexOf('role-files') > ids.indexOf('start'));
});

test('switchover stops the primary-only services on the old primary before PostgreSQL, and starts them on the new one after the promotion', () => {
  const { procedure } = loadProcedures().get('switchover')!;
  const rec = planRecord(sitePlan(procedure), rapidpro);
  const ids = rec.map((r) => r.stepId);
  const stop = rec.find((r) => r.stepId === 'stop-primary-only')!;
  const start = rec.find((r) => r.stepId === 'start-primary-only')!;
  assert.deepEqual(stop.nodes, ['sms1']);
  assert.deepEqual(start.nodes, ['sms2']);
  // Both names, one a line, quoted as one word: never postgresql, which runs on both.
  assert.match(stop.commands[0]!, /^hp_services_primary_only='celery\ncelerybeat'\n/);
  assert.match(stop.commands[0]!, /printf '%s\\n' "\$\{hp_services_primary_only\}" \| while IFS= read -r s; do/);
  assert.match(stop.commands[0]!, /service "\$s" stop/);
  assert.match(start.commands[0]!, /service "\$s" start/);
  assert.ok(ids.indexOf('stop-primary-only') < ids.indexOf('stop-primary'));
  assert.ok(ids.indexOf('start-primary-only') > ids.indexOf('promoted'));
});

test('failover stops them on a reachable old primary and starts them on the new primary', () => {
  const { procedure } = loadProcedures().get('failover')!;
  const rec = planRecord(sitePlan(procedure), rapidpro);
  const ids = rec.map((r) => r.stepId);
  assert.equal(
    rec.find((r) => r.stepId === 'stop-primary-only')!.condition,
    'only when the primary node answers and only when services run on the primary alone',
  );
  assert.ok(ids.indexOf('stop-primary-only') < ids.indexOf('promote'));
  assert.ok(ids.indexOf('start-primary-only') > ids.indexOf('promote'));
});

test('the services predicates read the probe facts: running where it should not be is named', () => {
  const both = observe((p) => {
    p.b.services = known([
      { name: 'celery', active: false, detail: 'process celery: not running' },
      { name: 'celerybeat', active: true, detail: 'process celerybeat: 1 running' },
      { name: 'postgresql', active: true, detail: '' },
    ]);
  });
  const r = evaluate({ is: 'primary-only-stopped', node: 'standby' }, both, ctx);
  assert.equal(r.ok, false);
  assert.match(r.detail, /celerybeat: process celerybeat: 1 running/);
  assert.ok(both.assessment.findings.some((f) => f.code === 'two-masters'));
});

test('switchover takes a node whose status says failure through disabled before writing working', () => {
  const { procedure } = loadProcedures().get('switchover')!;
  const rec = planRecord(sitePlan(procedure), rapidpro);
  const cmd = rec.find((r) => r.stepId === 'role-files')!.commands[0]!;
  const failure = cmd.indexOf(
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the shell's ${hp_...}, not a JavaScript template
    'if [ "$(cat "${hp_role_files_status}" 2>/dev/null)" = failure ]; then printf \'disabled\\n\' > "${hp_role_files_status}"; fi',
  );
  assert.ok(failure > 0, cmd);
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the shell's ${hp_...}, not a JavaScript template
  assert.ok(cmd.indexOf('printf \'working\\n\' > "${hp_role_files_status}"') > failure, cmd);
});
