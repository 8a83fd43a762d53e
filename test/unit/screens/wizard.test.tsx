// The procedure wizard against the real engine, with commands that really run (bash in a folder
// per node, as in the engine's own tests): choosing a procedure shows its plan; the gates default
// to No (Enter stops, nothing changes); a destructive step runs only with the node's name typed;
// a failure offers retry / roll back / stop; a killed or incomplete run is offered for resuming,
// and refused with the reason when its definition or (for an incomplete run) the cluster changed.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { Engine, type EngineDeps } from '../../../src/ops/engine.js';
import { loadProcedures } from '../../../src/ops/load-procedures.js';
import { buildPlan } from '../../../src/ops/plan.js';
import { planText } from '../../../src/ops/launcher.js';
import { readRun } from '../../../src/ops/journal.js';
import { checkPlannedUnchanged, resumableRuns, resumePoint } from '../../../src/ops/resume.js';
import { parseCluster } from '../../../src/config/load-cluster.js';
import { assess } from '../../../src/cluster/assessment.js';
import type { Observation } from '../../../src/ops/predicates.js';
import type { Look } from '../../../src/cluster/observe.js';
import { known } from '../../../src/cluster/facts.js';
import { WizardController, type OpsApi } from '../../../src/screens/wizard/wizard-controller.js';
import { WizardScreen } from '../../../src/screens/wizard/WizardScreen.js';
import { ConfirmPrompt } from '../../../src/screens/wizard/prompts/ConfirmPrompt.js';
import { TypeNamePrompt } from '../../../src/screens/wizard/prompts/TypeNamePrompt.js';
import { UiOperator } from '../../../src/screens/wizard/ui-operator.js';
import type { WizardStart } from '../../../src/screens/console/wizard-entry.js';
import type { GateQuestion } from '../../../src/ops/operator.js';
import { healthyPair, reachable, NOW } from '../../support/facts.js';
import { LocalRunner } from '../../support/local-runner.js';
import { KEY, modelOf, renderAt, stateOf, tick, type Rendered } from './support.js';

const PROCEDURE = `name: demo
title: Demo
description: two changes, the second destructive
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
    script: |
      if [ -e ../break-two ]; then echo "two broke" >&2; exit 3; fi
      echo "two says hello"; touch two
`;

const HANDWORK = `name: handwork
title: Handwork
description: a manual step, then a wait that cannot come true
steps:
  - id: hands
    kind: manual
    title: Power off the old primary
    instructions: Use the hypervisor's console; do not just stop PostgreSQL.
    checklist: [powered off, cable pulled]
  - id: never
    kind: wait
    title: The role file says banana
    until: [{ is: role-file, node: primary, value: banana }]
    timeout: 1s
    interval: 0.2s
`;

let r: Rendered | null = null;
afterEach(() => {
  r?.unmount();
  r = null;
});

/** A cluster of two folders; `root` reuses another setup's folders, journal and procedures (a restarted hapilot). */
function setup(root = mkdtempSync(path.join(tmpdir(), 'hapilot-wizard-'))) {
  const dirs = { a: path.join(root, 'a'), b: path.join(root, 'b') };
  mkdirSync(dirs.a, { recursive: true });
  mkdirSync(dirs.b, { recursive: true });
  const procDir = path.join(root, 'procedures');
  mkdirSync(procDir, { recursive: true });
  if (!existsSync(path.join(procDir, 'demo.yaml'))) writeFileSync(path.join(procDir, 'demo.yaml'), PROCEDURE);
  if (!existsSync(path.join(procDir, 'handwork.yaml'))) writeFileSync(path.join(procDir, 'handwork.yaml'), HANDWORK);
  const cluster = parseCluster(
    `name: wiz\nnodes: { a: { alias: lab-a }, b: { alias: lab-b } }\ncomponents: { postgres: { version: 15 }, role_files: { role: /etc/r } }\n`,
    path.join(root, 'wiz.yaml'),
  );
  // What the nodes report; a test edits it to change the cluster between a run and its resume.
  const pair = healthyPair();
  const observe = async (): Promise<Observation> => ({
    facts: { a: pair.a, b: pair.b },
    unreachable: {},
    assessment: assess({ nodes: { a: reachable(pair.a), b: reachable(pair.b) } }, cluster.def, NOW),
  });
  const runners = { a: new LocalRunner('a', 'lab-a', dirs.a), b: new LocalRunner('b', 'lab-b', dirs.b) };
  const journalDir = path.join(root, 'journal');
  const nodes = {
    a: { id: 'a' as const, name: 'lab-a', address: '198.18.0.11' },
    b: { id: 'b' as const, name: 'lab-b', address: '198.18.0.12' },
  };
  const all = () => loadProcedures(procDir);
  const ops: OpsApi = {
    procedures: () => all(),
    prepareRun: async (_c, _r, name, opts) => {
      const loaded = all().get(name)!;
      const roles = opts?.resumeRoles ?? { primary: 'a' as const, standby: 'b' as const, basis: 'test' };
      return { loaded, plan: buildPlan(loaded.procedure, cluster.def, nodes, roles), look: (await observe()) as Look };
    },
    planText,
    createEngine: (_c, _r, prepared, operator, resume) => {
      const deps: EngineDeps = {
        def: cluster.def,
        clusterFile: cluster.file,
        runners,
        observe,
        operator,
        journalDir,
        local: async () => ({ stdout: '', stderr: '', exitCode: 0, signal: null, durationMs: 0 }),
        // This machine, and a pid no process has: a run that did not end is then one whose process is gone.
        identity: { user: 'tester', host: hostname(), pid: 999_999 },
        lockFile: 'hapilot.lock',
      };
      return new Engine(deps, prepared.loaded, prepared.plan, resume);
    },
    resumableRuns: (c) => resumableRuns(c, journalDir),
    readRun,
    resumePoint,
    checkUnchanged: checkPlannedUnchanged,
  };
  const controller = new WizardController(cluster, runners, ops);
  const model = modelOf(stateOf({ a: reachable(pair.a), b: reachable(pair.b) }));
  const closed = { n: 0 };
  const open = (start: WizardStart = { kind: 'pick' }) =>
    renderAt(
      <WizardScreen
        controller={controller}
        width={120}
        height={40}
        model={model}
        start={start}
        onClose={() => closed.n++}
        onQuit={() => {}}
      />,
      { columns: 120, rows: 40 },
    );
  const has = (node: 'a' | 'b', f: string) => existsSync(path.join(dirs[node], f));
  return { root, dirs, controller, open, has, closed, procDir, journalDir, pair };
}

async function until(r: Rendered, re: RegExp, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!re.test(r.lastFrame())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; last frame:\n${r.lastFrame()}`);
    await tick(20);
  }
}

/** The demo procedure opened, its plan shown and Enter pressed: the start gate is on screen. */
async function toStartGate(t: ReturnType<typeof setup>): Promise<Rendered> {
  // Kept in `r` at once, so afterEach unmounts it even if a step below fails.
  r = t.open({ kind: 'procedure', name: 'demo' });
  const rendered = r;
  await until(rendered, /Demo on cluster wiz/, 'the plan');
  await rendered.press(KEY.enter);
  await until(rendered, /CHANGE: Start/, 'the start gate');
  return rendered;
}

/** Then yes at the start gate and at the first change: the destructive gate of step two is on screen. */
async function toDestructiveGate(t: ReturnType<typeof setup>): Promise<Rendered> {
  const rendered = await toStartGate(t);
  await rendered.press('y');
  await until(rendered, /CHANGE: First change/, 'the first gate');
  await rendered.press('y');
  await until(rendered, /DESTRUCTIVE on lab-b: Second change/, 'the destructive gate');
  return rendered;
}

const gate: GateQuestion = {
  stepId: 'promote',
  title: 'Promote the standby',
  nodes: ['lab-b'],
  commands: [{ node: 'lab-b', command: 'pg_ctlcluster 15 main promote' }],
  destructive: true,
  rollback: false,
};

test('the confirm gate: the exact commands, and No by default (Enter, n and Esc all say no)', async () => {
  for (const [keys, expected] of [
    [KEY.enter, false],
    ['n', false],
    [KEY.escape, false],
    ['y', true],
  ] as const) {
    const answers: boolean[] = [];
    r = renderAt(
      <ConfirmPrompt
        question={{ ...gate, destructive: false }}
        onAnswer={(v) => answers.push(v)}
        onInterrupt={() => {}}
        width={100}
        height={10}
      />,
      { columns: 100 },
    );
    await tick();
    assert.match(r.lastFrame(), /lab-b\$ pg_ctlcluster 15 main promote/);
    assert.match(r.lastFrame(), /the default is No/);
    await r.press(keys);
    assert.deepEqual(answers, [expected], `key ${JSON.stringify(keys)}`);
    r.unmount();
    r = null;
  }
});

test('the destructive gate: the node name must be typed; nothing is pre-filled, Esc gives nothing', async () => {
  const typed: string[] = [];
  r = renderAt(
    <TypeNamePrompt question={gate} expected="lab-b" onAnswer={(v) => typed.push(v)} onInterrupt={() => {}} width={100} height={10} />,
    { columns: 100 },
  );
  await tick();
  assert.match(r.lastFrame(), /DESTRUCTIVE on lab-b: Promote the standby/);
  await r.press(KEY.enter);
  assert.deepEqual(typed, [''], 'Enter on an empty line answers nothing');
  await r.press('l', 'a', 'b', '-', 'x', KEY.backspace, 'b', KEY.enter);
  assert.deepEqual(typed, ['', 'lab-b']);
  await r.press('l', 'a', KEY.escape);
  assert.deepEqual(typed, ['', 'lab-b', '']);
  // Keys bunched into one read (a paste, a slow link): the line end in it is the Enter.
  await r.press('lab-b\r');
  assert.deepEqual(typed, ['', 'lab-b', '', 'lab-b']);
});

test('the operator refuses safely: whatever is pending gets no / stop / abort', async () => {
  const op = new UiOperator();
  const c = op.confirm(gate);
  op.refuse();
  assert.equal(await c, false);
  const t = op.typeNodeName(gate, 'lab-b');
  op.refuse();
  assert.equal(await t, '');
  const f = op.onFailure({ stepId: 's', title: 't', error: 'e', rollbackable: 1 });
  op.refuse();
  assert.equal(await f, 'stop');
  const w = op.onWaitTimeout({ stepId: 's', title: 't', pending: [] });
  op.refuse();
  assert.equal(await w, 'abort');
});

test('choose, see the plan, run: Enter at the first gate stops the run and nothing changes', async () => {
  const t = setup();
  r = t.open();
  await until(r, /demo\s+Demo/, 'the procedure list');
  // The built-ins come first (switchover, failover, rejoin, takeover), then the site's.
  const names = t.controller.procedureList().map((p) => p.name);
  assert.deepEqual(names.slice(0, 4), ['switchover', 'failover', 'rejoin', 'takeover']);
  for (let i = 0; i < names.indexOf('demo'); i++) await r.press(KEY.down);
  await r.press(KEY.enter);
  await until(r, /Demo on cluster wiz/, 'the plan');
  assert.match(r.lastFrame(), /lab-a\$ touch one/, 'the plan shows every exact command');
  assert.match(r.lastFrame(), /\[type the node name\]/);
  await r.press(KEY.enter);
  await until(r, /CHANGE: Start: take the cluster lock/, 'the start gate');
  await r.press(KEY.enter);
  await until(r, /INCOMPLETE: not confirmed: Start: take the cluster lock/, 'the end of the run');
  assert.ok(!t.has('a', 'one') && !t.has('a', 'hapilot.lock'), 'nothing changed');
});

test('a full run: each gate answered, the destructive one by typing the node name; live output and states', async () => {
  const t = setup();
  r = await toDestructiveGate(t);
  assert.match(r.lastFrame(), /✓\s+1\. First change\s+done/);
  assert.match(r.lastFrame(), /·\s+2\. Second change ⚠\s+pending/);
  await r.press('l', 'a', 'b', '-', 'b', KEY.enter);
  await until(r, /SUCCEEDED: Demo: all steps done/, 'success');
  assert.ok(t.has('a', 'one') && t.has('b', 'two'));
  assert.match(r.lastFrame(), /two says hello/, "the step's output");
  await r.press(KEY.enter);
  assert.equal(t.closed.n, 1, 'back to the dashboard');
});

test('a wrong name typed stops the run before the destructive step', async () => {
  const t = setup();
  r = await toDestructiveGate(t);
  await r.press('l', 'a', 'b', '-', 'a', KEY.enter);
  await until(r, /INCOMPLETE: not confirmed: "Second change" needs lab-b typed, got "lab-a"/, 'the stop');
  assert.ok(!t.has('b', 'two'));
});

test('a failure offers retry / roll back / stop; roll back asks and undoes the done steps', async () => {
  const t = setup();
  writeFileSync(path.join(t.root, 'break-two'), '');
  r = await toDestructiveGate(t);
  await r.press('l', 'a', 'b', '-', 'b', KEY.enter);
  await until(r, /FAILED: Second change/, 'the failure question');
  assert.match(r.lastFrame(), /r retry the step/);
  assert.match(r.lastFrame(), /b roll back/);
  assert.match(r.lastFrame(), /s stop here/);
  assert.match(r.lastFrame(), /two broke/);
  await r.press('b');
  assert.match(r.lastFrame(), /Roll back 1 step\(s\)\?/, 'asks before rolling back');
  await r.press('y');
  await until(r, /ROLL BACK: Roll back: undo one/, 'the rollback gate');
  await r.press('y');
  await until(r, /FAILED \(rolled back\)/, 'the end');
  assert.ok(!t.has('a', 'one'), 'rolled back');
});

test('Ctrl-C aborts a run while it waits at a gate: the safe answer is given', async () => {
  const t = setup();
  r = await toStartGate(t);
  await r.press(KEY.ctrlC);
  await until(r, /INCOMPLETE/, 'the end');
  assert.ok(!t.has('a', 'hapilot.lock'));
});

test('an unfinished run is offered for resuming; a changed definition is refused with the reason', async () => {
  const t = setup();
  // A run interrupted after step one: its journal without the end.
  const first = t.controller;
  r = await toDestructiveGate(t);
  const state = first.state();
  assert.equal(state.phase, 'running');
  const journal = state.phase === 'running' ? state.journal : '';
  r.unmount();
  r = null;
  // Cut the journal where a crash would have: no run-end (the process 4242 on "elsewhere" is gone).
  const lines = (await import('node:fs')).readFileSync(journal, 'utf8').split('\n').filter(Boolean);
  const keep = lines.filter((l) => !/"run-end"/.test(l));
  writeFileSync(journal, `${keep.join('\n')}\n`);

  // hapilot starts again on the same machine, journal and procedures.
  const t2 = setup(t.root);
  const runs = t2.controller.resumable();
  assert.equal(runs.length, 1, 'found');
  assert.equal(runs[0]!.procedure, 'demo');
  assert.equal(runs[0]!.kind, 'killed');
  r = renderAt(
    <WizardScreen
      controller={t2.controller}
      width={120}
      height={40}
      model={modelOf(stateOf({ a: reachable(healthyPair().a), b: reachable(healthyPair().b) }))}
      start={{ kind: 'resume' }}
      onClose={() => {}}
      onQuit={() => {}}
    />,
    { columns: 120, rows: 40 },
  );
  await until(r, /Run of this cluster that did not finish and can be resumed/, 'the offer');
  assert.match(r.lastFrame(), /killed: its hapilot is gone; the cluster lock may still be held/);
  assert.match(r.lastFrame(), /demo\s+killed\s+started .* by tester@\S+ · 1\/2 steps done/);
  // The definition changes: resuming is refused, with why.
  writeFileSync(path.join(t.procDir, 'demo.yaml'), PROCEDURE.replace('touch one', 'touch one-changed'));
  await r.press(KEY.enter);
  await until(r, /cannot resume .*: the definition of demo changed since run/, 'the refusal');
  // Back as it was: the plan of the resumed run, from the step after the last done one.
  writeFileSync(path.join(t.procDir, 'demo.yaml'), PROCEDURE);
  await r.press(KEY.enter);
  await until(r, /Resuming run .* from step two/, 'the resume plan');
});

/** The wizard of a hapilot started again on the same folders, journal and procedures, opened at the resume offer. */
function reopenAtOffer(t: ReturnType<typeof setup>): Rendered {
  return renderAt(
    <WizardScreen
      controller={t.controller}
      width={120}
      height={40}
      model={modelOf(stateOf({ a: reachable(t.pair.a), b: reachable(t.pair.b) }))}
      start={{ kind: 'resume' }}
      onClose={() => {}}
      onQuit={() => {}}
    />,
    { columns: 120, rows: 40 },
  );
}

test('a run stopped at a declined gate is offered as incomplete with why; refused, listing what differs, once the cluster changed; else resumed where it stopped', async () => {
  const t = setup();
  r = await toDestructiveGate(t);
  // Nothing typed at the destructive gate: the run stops there, incomplete, with step one done.
  await r.press(KEY.enter);
  await until(r, /INCOMPLETE: not confirmed/, 'the stop');
  assert.ok(t.has('a', 'one') && !t.has('b', 'two'));
  r.unmount();
  r = null;

  const t2 = setup(t.root);
  const runs = t2.controller.resumable();
  assert.equal(runs.length, 1, 'the incomplete run is resumable');
  assert.equal(runs[0]!.kind, 'incomplete');
  r = reopenAtOffer(t2);
  await until(r, /Run of this cluster that did not finish and can be resumed/, 'the offer');
  assert.match(r.lastFrame(), /incomplete: it stopped itself \(a declined gate, Ctrl-C\) and released the lock/);
  assert.doesNotMatch(r.lastFrame(), /killed:/, 'no killed run to explain');
  assert.match(r.lastFrame(), /demo\s+incomplete\s+started .* by tester@\S+ · 1\/2 steps done/);
  assert.match(r.lastFrame(), /stopped \d{4}-\d\d-\d\d \d\d:\d\d:\d\d: not confirmed: "Second change" needs lab-b typed/);

  // Someone changes the cluster meanwhile: lab-b's role file now says master. The resume is refused, saying so.
  t2.pair.b.roleFiles = known({ role: 'master', status: 'working' });
  await r.press(KEY.enter);
  await until(
    r,
    /cannot resume \S+: run \S+ ended incomplete and the cluster changed since:\s+lab-b role file: slave\/working then, master\/working now/,
    'the refusal',
  );
  assert.equal(t2.controller.state().phase, 'resume-offer', 'still the offer, nothing ran');

  // Put back as the run left it: the plan resumes at step two, and the run finishes.
  t2.pair.b.roleFiles = known({ role: 'slave', status: 'working' });
  await r.press(KEY.enter);
  await until(r, /Resuming run .* from step two/, 'the resume plan');
  await r.press(KEY.enter);
  await until(r, /CHANGE: Start|DESTRUCTIVE on lab-b/, 'the first gate of the resumed run');
  if (/CHANGE: Start/.test(r.lastFrame())) {
    await r.press('y');
    await until(r, /DESTRUCTIVE on lab-b: Second change/, 'the destructive gate');
  }
  await r.press('l', 'a', 'b', '-', 'b', KEY.enter);
  await until(r, /SUCCEEDED: Demo: all steps done/, 'success');
  assert.ok(t.has('b', 'two'));
  assert.deepEqual(t2.controller.resumable(), [], 'nothing left to resume');
});

test('a manual step: instructions and a checklist; done only once every item is ticked. A wait that times out: retry / abort / force', async () => {
  const t = setup();
  r = t.open({ kind: 'procedure', name: 'handwork' });
  await until(r, /Handwork on cluster wiz/, 'the plan');
  await r.press(KEY.enter);
  await until(r, /CHANGE: Start/, 'the start gate');
  await r.press('y');
  await until(r, /MANUAL STEP: Power off the old primary/, 'the manual step');
  assert.match(r.lastFrame(), /Use the hypervisor's console/);
  assert.match(r.lastFrame(), /\[ \] powered off/);
  await r.press(KEY.enter);
  assert.match(r.lastFrame(), /Tick every item first/, 'not done with items unticked');
  await r.press(' ', KEY.down, ' ');
  assert.match(r.lastFrame(), /\[x\] powered off/);
  assert.match(r.lastFrame(), /\[x\] cable pulled/);
  await r.press(KEY.enter);
  await until(r, /STILL NOT TRUE: The role file says banana/, 'the wait timeout question', 10_000);
  assert.match(r.lastFrame(), /r wait again/);
  assert.match(r.lastFrame(), /a abort/);
  assert.match(r.lastFrame(), /f force/);
  await r.press('f');
  assert.match(r.lastFrame(), /Force: go on as if it were true, although it is not\?/, 'force asks first');
  await r.press(KEY.enter);
  assert.match(r.lastFrame(), /f force/, 'Enter is No: back to the choice');
  await r.press('a');
  await until(r, /FAILED: The role file says banana/, 'the failure question after the abort');
  await r.press('s');
  await until(r, /FAILED: .*timed out after 1 s/, 'the end of the run');
});
