// Gates by phase (issue 17): one question per phase covers its ordinary changes, with every
// command shown; destructive steps and commands known only later still ask; scripts are unchanged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readRun } from '../../../src/ops/journal.js';
import { scriptedOperator, type GateQuestion } from '../../../src/ops/operator.js';
import { engineHarness } from '../../support/engine-harness.js';
import { RecordingOperator } from '../../support/recording-operator.js';
import { loadProcedures } from '../../../src/ops/load-procedures.js';
import { parseCluster } from '../../../src/config/load-cluster.js';
import { buildPlan, PlanError } from '../../../src/ops/plan.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const PHASED = `name: demo
title: Demo
description: two phases
preflight: [both-reachable]
phases:
  - { id: first, title: Change both nodes, from: one }
  - { id: second, title: Follow up, from: five }
steps:
  - id: one
    kind: run
    on: primary
    title: First change
    script: touch one
  - id: two
    kind: run
    on: standby
    destructive: true
    title: Destructive change
    script: touch two
  - id: three
    kind: run
    on: both
    title: Third change
    capture: said
    script: touch three; echo yes
  - id: four
    kind: run
    on: primary
    title: Uses what three said
    script: echo {{vars.said}} > four
  - id: five
    kind: run
    on: standby
    title: Plain change
    script: touch five
  - id: six
    kind: wait
    title: The role file says master
    until: [{ is: role-file, node: primary, value: master }]
    timeout: 1s
    interval: 0.2s
`;

test('per phase: one question covers the ordinary changes; the destructive step still asks for the name', async () => {
  const op = new RecordingOperator();
  const gates: GateQuestion[] = [];
  const origConfirm = op.confirm.bind(op);
  op.confirm = async (q) => {
    gates.push(q);
    return origConfirm(q);
  };
  const t = engineHarness(PHASED, { operator: op });
  const e = t.engine();
  const r = await e.run();
  assert.equal(r.outcome, 'succeeded', r.message);
  assert.ok(t.has('a', 'one') && t.has('b', 'two') && t.has('a', 'three') && t.has('b', 'five'));
  // start (lock), phase 1, the typed name, step four on its own (its command uses what three
  // captured inside the phase), phase 2.
  assert.deepEqual(
    op.asked.map((q) => `${q.kind}:${q.title}`),
    [
      'confirm:Start: take the cluster lock',
      'confirm:Phase: Change both nodes',
      'type:Destructive change @ lab-b',
      'confirm:Uses what three said',
      'confirm:Phase: Follow up',
    ],
  );
  const first = gates[1]!;
  assert.deepEqual(
    first.phase?.steps.map((s) => [s.stepId, s.asksAgain ? 'asks' : 'covered']),
    [
      ['one', 'covered'],
      ['two', 'asks'],
      ['three', 'covered'],
      ['four', 'asks'],
    ],
  );
  assert.deepEqual(first.commands, [
    { node: 'lab-a', command: 'touch one' },
    { node: 'lab-a', command: 'touch three; echo yes' },
    { node: 'lab-b', command: 'touch three; echo yes' },
  ]);
  // Four's command is known only once three has run: the phase gate says so, its own gate shows it resolved.
  assert.match(first.phase!.steps.find((s) => s.stepId === 'four')!.asksAgain!, /captures/);
  assert.equal(gates[2]!.stepId, 'four');
  assert.match(gates[2]!.commands[0]!.command, /yes/);

  const j = readRun(e.journalFile);
  const start = j[0]!;
  assert.ok(start.type === 'run-start' && start.gates === 'phase');
  const covered = j.filter((x) => x.type === 'decision' && x.coveredBy).map((x) => x.type === 'decision' && `${x.stepId}<-${x.coveredBy}`);
  assert.deepEqual(covered, ['one<-phase:first', 'three<-phase:first', 'five<-phase:second']);
});

test('per change: the operator who asks for it is asked before every change, as before phases', async () => {
  const t = engineHarness(PHASED, { gates: 'step' });
  const r = await t.engine().run();
  assert.equal(r.outcome, 'succeeded', r.message);
  assert.deepEqual(
    t.operator.asked.map((q) => q.kind),
    ['confirm', 'confirm', 'type', 'confirm', 'confirm', 'confirm'],
  );
});

test('no to a phase: nothing of the phase runs and the run is incomplete', async () => {
  const t = engineHarness(PHASED, { answers: { confirm: (q) => !q.title.startsWith('Phase:') } });
  const r = await t.engine().run();
  assert.equal(r.outcome, 'incomplete');
  assert.match(r.message, /not confirmed: Phase: Change both nodes/);
  assert.ok(!t.has('a', 'one') && !t.has('b', 'two'));
});

test('a script answers from its --confirm list, step by step, whatever the grain', async () => {
  const t = engineHarness(PHASED, { operator: scriptedOperator({ confirm: ['lab-a', 'lab-b'], ack: [], onFailure: 'stop' }) });
  const e = t.engine();
  const r = await e.run();
  assert.equal(r.outcome, 'succeeded', r.message);
  const j = readRun(e.journalFile);
  assert.ok(!j.some((x) => x.type === 'decision' && (x.coveredBy || x.stepId?.startsWith('phase:'))));
});

test('phases that do not fit the steps are refused when the plan is built, saying which and why', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hapilot-phases-'));
  const def = parseCluster(
    'name: t\nnodes: { a: { alias: lab-a }, b: { alias: lab-b } }\ncomponents: { postgres: { version: 15 } }\n',
    '/x/t.yaml',
  ).def;
  const nodes = {
    a: { id: 'a' as const, name: 'lab-a', address: '198.18.0.11' },
    b: { id: 'b' as const, name: 'lab-b', address: '198.18.0.12' },
  };
  const plan = (phases: string) => {
    writeFileSync(path.join(dir, 'demo.yaml'), PHASED.replace(/phases:\n( {2}- .*\n)+/, `phases:\n${phases}`));
    const loaded = loadProcedures(dir).get('demo')!;
    return () => buildPlan(loaded.procedure, def, nodes, { primary: 'a', standby: 'b', basis: 'test' });
  };
  assert.throws(
    plan('  - { id: p, title: P, from: nope }\n'),
    (e: unknown) => e instanceof PlanError && /phase p: from: no step "nope"/.test(e.message),
  );
  assert.throws(
    plan('  - { id: p, title: P, from: three }\n  - { id: q, title: Q, from: one }\n'),
    /phase q: starts at one, not after the phase before it/,
  );
  assert.throws(plan('  - { id: p, title: P, from: one }\n  - { id: p, title: Q, from: two }\n'), /phase id "p" is used twice/);
});
