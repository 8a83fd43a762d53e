// The engine's decisions with commands that really run (bash in a folder per node) and constructed
// facts for its checks. The lab tests run the built-in procedures on the real cluster.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { Engine } from '../../../src/ops/engine.js';
import { JournalWriter, readRun, runFile, type StampedEntry } from '../../../src/ops/journal.js';
import { checkUnchanged, pausedByGoneRuns, resumePoint } from '../../../src/ops/resume.js';
import { clusterSnapshot } from '../../../src/ops/cluster-snapshot.js';
import { known } from '../../../src/cluster/facts.js';
import { RecordingOperator, type Answers } from '../../support/recording-operator.js';
import { engineHarness } from '../../support/engine-harness.js';
import { scriptedOperator, type Operator } from '../../../src/ops/operator.js';

const PROCEDURE = `name: demo
title: Demo
description: steps that leave files behind
preflight: [both-reachable]
steps:
  - id: one
    kind: run
    on: primary
    title: First change
    script: touch one
    rollback: { title: undo one, script: rm one }
  - id: two
    kind: run
    on: standby
    destructive: true
    title: Second change
    script: touch two
    rollback: { title: undo two, script: rm two }
  - id: three
    kind: run
    on: both
    title: Third change
    capture: said
    script: |
      n=$(cat tries 2>/dev/null || echo 0); echo $((n+1)) > tries
      if [ -e fail-three ] && [ "$n" -lt 1 ]; then echo "three broke" >&2; exit 3; fi
      touch three; echo yes
  - id: four
    kind: run
    on: primary
    when: { var: said, equals: "yes" }
    title: Only when three said yes
    script: touch four
  - id: five
    kind: wait
    title: The role file says master
    until: [{ is: role-file, node: primary, value: master }]
    timeout: 1s
    interval: 0.2s
`;

function setup(opts: { answers?: Answers; operator?: Operator; procedure?: string; automation?: boolean } = {}) {
  return engineHarness(opts.procedure ?? PROCEDURE, opts);
}

const types = (entries: StampedEntry[]) =>
  entries.map((e) => (e.type === 'step-end' || e.type === 'step-start' ? `${e.type}:${e.stepId}${e.rollback ? ':rollback' : ''}` : e.type));

test('a run that succeeds: every step done, gates asked, lock taken and released, journal complete', async () => {
  const t = setup();
  const e = t.engine();
  const r = await e.run();
  assert.deepEqual(r, { outcome: 'succeeded', rolledBack: false, message: 'Demo: all steps done' });
  assert.ok(t.has('a', 'one') && t.has('b', 'two') && t.has('a', 'three') && t.has('b', 'three') && t.has('a', 'four'));
  assert.ok(!t.has('a', 'hapilot.lock') && !t.has('b', 'hapilot.lock'), 'lock released on both nodes');
  assert.deepEqual(
    t.operator.asked.map((q) => q.kind),
    ['confirm', 'confirm', 'type', 'confirm', 'confirm'],
  );
  const j = readRun(e.journalFile);
  const start = j[0]!;
  assert.equal(start.type, 'run-start');
  if (start.type === 'run-start') {
    assert.equal(start.operator.user, 'tester');
    assert.equal(start.definitionHash, t.loaded.hash);
    assert.deepEqual(start.plan.find((p) => p.stepId === 'two')!.commands, ['touch two']);
  }
  assert.equal(j.at(-1)!.type, 'run-end');
  assert.ok(types(j).includes('var'));
  const typed = j.find((x) => x.type === 'decision' && x.stepId === 'two');
  assert.ok(typed && typed.type === 'decision' && typed.answer === 'lab-b' && typed.by === 'operator');
});

test('the default answer is no: nothing changes, the run is incomplete and says why', async () => {
  const t = setup({ answers: { confirm: false } });
  const r = await t.engine().run();
  assert.equal(r.outcome, 'incomplete');
  assert.match(r.message, /not confirmed: Start: take the cluster lock/);
  assert.ok(!t.has('a', 'one'));
  assert.ok(!t.has('a', 'hapilot.lock'), 'the lock is released');
});

test('a destructive step needs the node name typed exactly', async () => {
  const t = setup({ answers: { type: () => 'lab-a' } });
  const r = await t.engine().run();
  assert.equal(r.outcome, 'incomplete');
  assert.match(r.message, /needs lab-b typed, got "lab-a"/);
  assert.ok(t.has('a', 'one') && !t.has('b', 'two'));
});

test('a failed step rolled back: completed steps undone in reverse order, outcome failed', async () => {
  const t = setup({ answers: { onFailure: 'rollback' } });
  writeFileSync(path.join(t.dirs.a, 'fail-three'), '');
  writeFileSync(path.join(t.dirs.a, 'tries'), '0');
  // "three" fails on its first try only when asked to retry; with rollback it stays failed.
  const e = t.engine();
  const r = await e.run();
  assert.equal(r.outcome, 'failed');
  assert.equal(r.rolledBack, true);
  assert.ok(!t.has('a', 'one') && !t.has('b', 'two'), 'both changes undone');
  const order = types(readRun(e.journalFile)).filter((x) => x.endsWith(':rollback'));
  assert.deepEqual(order, ['step-start:two:rollback', 'step-end:two:rollback', 'step-start:one:rollback', 'step-end:one:rollback']);
});

test('a failed step retried succeeds and the run goes on', async () => {
  const t = setup({ answers: { onFailure: 'retry' } });
  writeFileSync(path.join(t.dirs.a, 'fail-three'), '');
  const r = await t.engine().run();
  assert.equal(r.outcome, 'succeeded');
  assert.equal(readFileSync(path.join(t.dirs.a, 'tries'), 'utf8').trim(), '2');
});

test('stop after a failure: outcome failed, not rolled back, automation restored', async () => {
  const t = setup({ answers: { onFailure: 'stop' }, automation: true });
  writeFileSync(path.join(t.dirs.a, 'fail-three'), '');
  writeFileSync(path.join(t.dirs.a, 'ha-on'), '');
  writeFileSync(path.join(t.dirs.b, 'ha-on'), '');
  const e = t.engine();
  const r = await e.run();
  assert.equal(r.outcome, 'failed');
  assert.equal(r.rolledBack, false);
  assert.match(r.message, /step three failed: exit 3 on lab-a: three broke/);
  assert.ok(t.has('a', 'ha-on') && t.has('b', 'ha-on') && !t.has('a', 'ha-paused'), 'automation back as it was');
  const auto = readRun(e.journalFile)
    .filter((x) => x.type === 'automation')
    .map((x) => (x.type === 'automation' ? `${x.action}@${x.node}` : ''));
  assert.deepEqual(auto, ['paused@lab-a', 'paused@lab-b', 'resumed@lab-b', 'resumed@lab-a']);
});

test('automation whose state cannot be read stops the run before any change', async () => {
  const t = setup({ automation: true });
  writeFileSync(path.join(t.dirs.a, 'ha-on'), '');
  // Exit 5 is neither 0 (active) nor 1 (inactive).
  t.deps.def.automation[0]!.active = ['sh', '-c', 'exit 5'];
  const r = await t.engine().run();
  assert.equal(r.outcome, 'failed');
  assert.match(r.message, /preflight failed, nothing was changed: automation ha-check on lab-a: state known/);
  assert.ok(!t.has('a', 'one'));
});

test('a second run is refused while the first holds the lock, with who holds it', async () => {
  const t = setup();
  writeFileSync(
    path.join(t.dirs.b, 'hapilot.lock'),
    `${JSON.stringify({
      runId: 'other-run',
      procedure: 'switchover',
      operator: 'alice',
      from: 'jump2',
      pid: 77,
      since: '2026-11-22T03:00:00Z',
    })}\n`,
  );
  const r = await t.engine().run();
  assert.equal(r.outcome, 'failed');
  assert.match(
    r.message,
    /no other run holds the lock on lab-b \(held: alice on jump2 \(pid 77\) runs switchover since 2026-11-22T03:00:00Z \(run other-run\)\)/,
  );
  assert.ok(!t.has('a', 'one'));
  assert.ok(t.has('b', 'hapilot.lock'), "someone else's lock is never removed");
});

test('a wait that times out can be forced by the operator, and says so', async () => {
  const t = setup({ answers: { onWaitTimeout: 'force' } });
  t.pair.a.roleFiles = known({ role: 'slave', status: 'working' });
  const e = t.engine();
  const r = await e.run();
  assert.equal(r.outcome, 'succeeded');
  assert.match(e.view().steps.find((s) => s.id === 'five')!.detail, /forced by the operator while not true/);
});

test('resume: a step that started and never ended is verified or asked about, never assumed done', async () => {
  const t = setup();
  const e = t.engine();
  await e.run();
  // Cut the journal as if hapilot died while "three" ran on lab-b.
  const lines = readFileSync(e.journalFile, 'utf8').trimEnd().split('\n');
  const cut = lines.findIndex((l) => l.includes('"step-start"') && l.includes('"three"') && l.includes('lab-b'));
  writeFileSync(e.journalFile, `${lines.slice(0, cut + 1).join('\n')}\n{"t":"2026-11-22T03:00:01Z","type":"step-e`);
  const point = resumePoint(readRun(e.journalFile), t.loaded);
  assert.equal(point.nextStep, 'three');
  assert.equal(point.state.statuses.three, 'unknown');
  assert.equal(point.state.statuses.two, 'done');
  const asked = new RecordingOperator({ onUnknownOutcome: 'rerun' });
  const resumed = new Engine({ ...t.deps, operator: asked }, t.loaded, t.plan, point.state);
  const r = await resumed.run();
  assert.equal(r.outcome, 'succeeded');
  assert.equal(resumed.runId, e.runId);
  assert.deepEqual(
    asked.asked.map((q) => q.kind),
    ['confirm', 'unknown', 'confirm', 'confirm'],
  );
});

test('resume is refused when the definition changed since the run started', async () => {
  const t = setup();
  const e = t.engine();
  await e.run();
  const lines = readFileSync(e.journalFile, 'utf8').trimEnd().split('\n');
  writeFileSync(e.journalFile, `${lines.slice(0, 5).join('\n')}\n`);
  const changed = { ...t.loaded, hash: 'f'.repeat(64) };
  assert.throws(() => resumePoint(readRun(e.journalFile), changed), /the definition of demo changed since run .* started/);
});

// Issue 18 item 1: what a resumed run does with each kind of step that started and never ended.
const RESUMABLE = `name: demo
title: Demo
description: one step of each way a resumed run settles an unknown outcome
preflight: [both-reachable]
steps:
  - id: look
    kind: check
    title: The role file says master
    expect: [{ is: role-file, node: primary, value: master }]
  - id: idem
    kind: run
    on: primary
    idempotent: true
    title: A change that may run twice
    script: echo x >> idem-count
  - id: verified
    kind: run
    on: primary
    title: A change whose effect can be looked at
    verify: { is: role-file, node: primary, value: master }
    script: echo x >> verified-count
  - id: settle
    kind: wait
    title: Still master
    until: [{ is: role-file, node: primary, value: master }]
    timeout: 1s
    interval: 0.2s
  - id: blind
    kind: run
    on: primary
    title: A change nobody can check
    script: echo x >> blind-count
`;

/** A finished run's journal cut right after `stepId` started, as if hapilot was killed there. */
function killedAt(file: string, stepId: string): void {
  const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
  const cut = lines.findIndex((l) => l.includes('"step-start"') && l.includes(`"stepId":"${stepId}"`));
  assert.ok(cut > 0, `no step-start of ${stepId}`);
  writeFileSync(file, `${lines.slice(0, cut + 1).join('\n')}\n`);
}

const count = (t: ReturnType<typeof setup>, f: string) => readFileSync(path.join(t.dirs.a, f), 'utf8').trim().split('\n').length;

for (const stepId of ['look', 'settle'] as const) {
  test(`resume: a ${stepId === 'look' ? 'check' : 'wait'} step cut short is evaluated again without asking anyone`, async () => {
    const t = setup({ procedure: RESUMABLE });
    const e = t.engine();
    assert.equal((await e.run()).outcome, 'succeeded');
    killedAt(e.journalFile, stepId);
    const point = resumePoint(readRun(e.journalFile), t.loaded);
    assert.equal(point.state.statuses[stepId], 'unknown');
    const asked = new RecordingOperator();
    const r = await new Engine({ ...t.deps, operator: asked }, t.loaded, t.plan, point.state).run();
    assert.equal(r.outcome, 'succeeded', r.message);
    assert.ok(!asked.asked.some((q) => q.kind === 'unknown'), JSON.stringify(asked.asked));
    const decision = readRun(e.journalFile).find((x) => x.type === 'decision' && x.stepId === stepId);
    assert.match(decision?.type === 'decision' ? decision.question : '', /changes nothing/);
  });
}

test('resume: an idempotent step cut short runs again without asking; a verified one is looked at, not run again', async () => {
  const t = setup({ procedure: RESUMABLE });
  const e = t.engine();
  await e.run();
  killedAt(e.journalFile, 'idem');
  const asked = new RecordingOperator();
  const r = await new Engine({ ...t.deps, operator: asked }, t.loaded, t.plan, resumePoint(readRun(e.journalFile), t.loaded).state).run();
  assert.equal(r.outcome, 'succeeded', r.message);
  assert.equal(count(t, 'idem-count'), 2, 'run again');
  assert.ok(!asked.asked.some((q) => q.kind === 'unknown'));

  const t2 = setup({ procedure: RESUMABLE });
  const e2 = t2.engine();
  await e2.run();
  killedAt(e2.journalFile, 'verified');
  const r2 = await new Engine(t2.deps, t2.loaded, t2.plan, resumePoint(readRun(e2.journalFile), t2.loaded).state).run();
  assert.equal(r2.outcome, 'succeeded', r2.message);
  assert.equal(count(t2, 'verified-count'), 1, 'verified, never sent twice');
  assert.ok(readRun(e2.journalFile).some((x) => x.type === 'step-end' && x.stepId === 'verified' && /verified/.test(x.detail ?? '')));
});

test('resume, scripted: a change that cannot be verified stops, naming the step and what to check by hand', async () => {
  const t = setup({ procedure: RESUMABLE });
  const e = t.engine();
  await e.run();
  killedAt(e.journalFile, 'blind');
  const scripted = scriptedOperator({ confirm: ['lab-a', 'lab-b'], ack: [], onFailure: 'stop' });
  const r = await new Engine(
    { ...t.deps, operator: scripted },
    t.loaded,
    t.plan,
    resumePoint(readRun(e.journalFile), t.loaded).state,
  ).run();
  assert.equal(r.outcome, 'incomplete');
  assert.match(r.message, /the outcome of step blind is unknown; check by hand on lab-a whether "A change nobody can check" took effect/);
  assert.equal(count(t, 'blind-count'), 1, 'never sent again on a guess');
});

// Issue 18 item 2: a run that ended incomplete (a declined gate, Ctrl-C) can be resumed while the
// cluster is as it left it; otherwise the resume says what differs.
test('an incomplete run is resumed while the cluster is unchanged, and refused naming what changed', async () => {
  let decline = true;
  const t = setup({ answers: { confirm: (q) => !(decline && q.stepId === 'three') } });
  const e = t.engine();
  const first = await e.run();
  assert.equal(first.outcome, 'incomplete');
  assert.ok(t.has('b', 'two') && !t.has('a', 'three'));
  decline = false;
  const point = resumePoint(readRun(e.journalFile), t.loaded);
  assert.equal(point.nextStep, 'three');
  assert.equal(point.lastObserved?.['lab-a role file'], 'master/working');
  const names = { a: 'lab-a', b: 'lab-b' };
  const look = await t.deps.observe();
  checkUnchanged(point, e.runId, clusterSnapshot(look, names));

  t.pair.a.roleFiles = known({ role: 'slave', status: 'working' });
  assert.throws(
    () => checkUnchanged(point, e.runId, clusterSnapshot(look, names)),
    /ended incomplete and the cluster changed since: lab-a role file: master\/working then, slave\/working now/,
  );
  t.pair.a.roleFiles = known({ role: 'master', status: 'working' });

  const resumed = new Engine(t.deps, t.loaded, t.plan, point.state);
  const r = await resumed.run();
  assert.equal(r.outcome, 'succeeded', r.message);
  assert.equal(resumed.runId, e.runId);
  assert.ok(t.has('a', 'three') && t.has('a', 'four'));
  assert.throws(() => resumePoint(readRun(e.journalFile), t.loaded), /has ended \(succeeded\); nothing to resume/);
});

// Issue 18 item 4: the resume of a killed run takes its lock over (same run id), never breaks it.
test('a resumed run takes over the lock its killed first life left, journaled; the lock file is private', async () => {
  let mode = -1;
  const t = setup({
    answers: {
      onUnknownOutcome: 'rerun',
      confirm: () => {
        if (mode < 0 && existsSync(path.join(t.dirs.a, 'hapilot.lock'))) mode = statSync(path.join(t.dirs.a, 'hapilot.lock')).mode & 0o777;
        return true;
      },
    },
  });
  const e = t.engine();
  await e.run();
  assert.equal(mode, 0o600, `lock file mode ${mode.toString(8)}`);
  killedAt(e.journalFile, 'three');
  // What the killed run left on both nodes: its lock, with its own pid.
  const left = { runId: e.runId, procedure: 'demo', operator: 'tester', from: 'jump1', pid: 1111, since: '2026-11-22T03:00:00Z' };
  for (const n of ['a', 'b'] as const) writeFileSync(path.join(t.dirs[n], 'hapilot.lock'), `${JSON.stringify(left)}\n`);
  const r = await new Engine(t.deps, t.loaded, t.plan, resumePoint(readRun(e.journalFile), t.loaded).state).run();
  assert.equal(r.outcome, 'succeeded', r.message);
  const locks = readRun(e.journalFile).filter((x) => x.type === 'lock');
  const taken = locks.filter((x) => x.type === 'lock' && x.action === 'taken-over');
  assert.equal(taken.length, 2, JSON.stringify(locks));
  assert.match(taken[0]?.type === 'lock' ? taken[0].detail : '', /from pid 1111 on jump1 .* to pid 4242 on jump1/);
  assert.ok(!t.has('a', 'hapilot.lock') && !t.has('b', 'hapilot.lock'), 'released at the end');
});

// Issue 18 item 3: automation a killed run paused is not left paused for good: the next run on the
// cluster takes it on and restores it when it ends, and says so.
test('automation paused by a run that is gone is adopted by the next run and restored at its end', async () => {
  const t = setup({ automation: true });
  // As the killed run left both nodes: ha-check paused.
  writeFileSync(path.join(t.dirs.a, 'ha-paused'), '');
  writeFileSync(path.join(t.dirs.b, 'ha-paused'), '');
  t.deps.orphanedPauses = [
    { runId: 'gone-run', name: 'ha-check', node: 'a' },
    { runId: 'gone-run', name: 'ha-check', node: 'b' },
  ];
  const e = t.engine();
  const r = await e.run();
  assert.equal(r.outcome, 'succeeded', r.message);
  assert.ok(t.has('a', 'ha-on') && t.has('b', 'ha-on') && !t.has('a', 'ha-paused'), 'restored');
  const auto = readRun(e.journalFile)
    .filter((x) => x.type === 'automation')
    .map((x) => (x.type === 'automation' ? `${x.action}@${x.node}` : ''));
  assert.deepEqual(auto, ['adopted@lab-a', 'adopted@lab-b', 'resumed@lab-b', 'resumed@lab-a']);
  assert.ok(readRun(e.journalFile).some((x) => x.type === 'automation' && /paused by run gone-run, which is gone/.test(x.detail)));
});

test('what a gone run paused and never restored is read from its journal', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hapilot-orphans-'));
  const w = new JournalWriter(runFile(dir, 't', 'gone-run'));
  w.append({
    type: 'run-start',
    runId: 'gone-run',
    cluster: 't',
    clusterFile: '/x/t.yaml',
    procedure: 'switchover',
    title: 'Switchover',
    definitionHash: 'f'.repeat(64),
    // A process of this machine that no longer exists.
    operator: { user: 'tester', host: hostname(), pid: 2 ** 22 + 17 },
    mode: 'scripted',
    confirmations: [],
    roles: { primary: 'lab-a', standby: 'lab-b', basis: 'test', primaryId: 'a', standbyId: 'b' },
    plan: [],
  });
  for (const node of ['lab-a', 'lab-b']) w.append({ type: 'automation', action: 'paused', name: 'repmgrd', node, detail: '' });
  w.append({ type: 'automation', action: 'resumed', name: 'repmgrd', node: 'lab-b', detail: '' });
  w.close();
  assert.deepEqual(pausedByGoneRuns('t', dir), [{ runId: 'gone-run', name: 'repmgrd', node: 'a' }]);
});
