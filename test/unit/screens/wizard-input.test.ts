// The wizard's keys one action at a time, without Ink: for each phase, what a command does to the
// screen's own state and which effects it asks of the controller or the console. Then the screen's
// division (wizardLayout) and its status lines (runStatus).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunView, StepView } from '../../../src/ops/run-view.js';
import type { WizardState } from '../../../src/screens/wizard/wizard-controller.js';
import type { ResumableRunInfo } from '../../../src/screens/console/wizard-entry.js';
import { focusedStep, viewForNewPhase, WIZARD_VIEW_START, wizardInput, type WizardView } from '../../../src/screens/wizard/wizard-input.js';
import type { WizardCommand } from '../../../src/screens/wizard/keys.js';
import { wizardLayout } from '../../../src/screens/wizard/wizard-layout.js';
import { runStatus, statusLines, titleLine } from '../../../src/screens/wizard/run-status.js';

const ctx = { planPage: 10 };
const at = (state: WizardState, command: WizardCommand, view: Partial<WizardView> = {}) =>
  wizardInput(state, { ...WIZARD_VIEW_START, ...view }, command, ctx);

const run = (id: string): ResumableRunInfo => ({
  runId: id,
  procedure: 'switchover',
  startedAt: '2026-12-01T10:00:00Z',
  operator: 'ops@x',
  steps: { done: 1, total: 4 },
  kind: 'killed',
  stopped: null,
});
const offer: WizardState = { phase: 'resume-offer', runs: [run('r1'), run('r2')], error: null };
const proc = (name: string) => ({ name, title: name, description: '', builtin: true });
const pick: WizardState = { phase: 'pick', procedures: [proc('switchover'), proc('failover'), proc('rejoin')], error: null };
const plan = (resumeOf: string | null = null): WizardState => ({
  phase: 'plan',
  procedure: 'switchover',
  title: 'Switchover',
  lines: Array.from({ length: 25 }, (_, i) => `line ${i}`),
  resumeOf,
  nextStep: null,
  gates: 'phase',
});

function step(id: string, status: StepView['status']): StepView {
  return { id, title: id, kind: 'run', status, nodes: [], commands: [], destructive: false, output: '', detail: '' };
}
function runView(statuses: StepView['status'][], phase: RunView['phase'] = 'running'): RunView {
  return {
    runId: 'r9',
    procedure: 'switchover',
    title: 'Switchover',
    roles: { primary: 'lab-a', standby: 'lab-b', basis: 'live' },
    phase,
    steps: statuses.map((s, i) => step(`s${i}`, s)),
    preflight: [],
    activity: 'running s1',
  };
}
const running = (aborting = false): WizardState => ({
  phase: 'running',
  view: runView(['done', 'running', 'pending', 'pending']),
  aborting,
  journal: '/j',
});
const ended: WizardState = {
  phase: 'ended',
  view: runView(['done', 'done', 'failed', 'pending'], 'ended'),
  outcome: { outcome: 'failed', rolledBack: false, message: 'step s2 failed' },
  journal: '/j',
};

test('the resume offer: ↑/↓ within the runs, Enter resumes the selected one, n the other procedures, Esc the dashboard, q quits', () => {
  assert.equal(at(offer, 'down').view.cursor, 1);
  assert.equal(at(offer, 'down', { cursor: 1 }).view.cursor, 1, 'stays on the last');
  assert.equal(at(offer, 'up').view.cursor, 0, 'stays on the first');
  assert.deepEqual(at(offer, 'select', { cursor: 1 }).effects, [{ kind: 'resume', runId: 'r2' }]);
  assert.deepEqual(at(offer, 'others').effects, [{ kind: 'picker' }]);
  assert.deepEqual(at(offer, 'back').effects, [{ kind: 'close' }]);
  assert.deepEqual(at(offer, 'quit').effects, [{ kind: 'quit' }]);
  assert.deepEqual(at({ ...offer, runs: [] }, 'select').effects, [], 'nothing to resume: nothing happens');
});

test('the procedure list: Enter chooses the selected procedure, Esc back to the dashboard', () => {
  assert.equal(at(pick, 'down', { cursor: 1 }).view.cursor, 2);
  assert.deepEqual(at(pick, 'select', { cursor: 1 }).effects, [{ kind: 'choose', procedure: 'failover' }]);
  assert.deepEqual(at(pick, 'back').effects, [{ kind: 'close' }]);
  assert.deepEqual(at(pick, 'quit').effects, [{ kind: 'quit' }]);
});

test('while the plan is built only Ctrl-C does something: it quits', () => {
  const preparing: WizardState = { phase: 'preparing', procedure: 'switchover', resumeOf: null };
  for (const c of ['up', 'down', 'select', 'back', 'quit', 'abort'] as const) assert.deepEqual(at(preparing, c).effects, [], c);
  assert.deepEqual(at(preparing, 'interrupt').effects, [{ kind: 'quit' }]);
});

test('the plan: scrolls by a line and a page within its lines, Enter runs it, Esc goes back where it came from', () => {
  assert.equal(at(plan(), 'down').view.top, 1);
  assert.equal(at(plan(), 'up').view.top, 0);
  assert.equal(at(plan(), 'page-down', { top: 5 }).view.top, 15);
  assert.equal(at(plan(), 'page-down', { top: 20 }).view.top, 24, 'the last line at most');
  assert.equal(at(plan(), 'page-up', { top: 5 }).view.top, 0);
  assert.deepEqual(at(plan(), 'select').effects, [{ kind: 'run' }]);
  assert.deepEqual(at(plan(), 'back').effects, [{ kind: 'picker' }]);
  assert.deepEqual(at(plan('r1'), 'back').effects, [{ kind: 'offer' }], 'a resumed run goes back to the offer');
  assert.deepEqual(at(plan(), 'gates').effects, [{ kind: 'gates' }], 'g switches between a gate per phase and one per change');
});

test('a run: ↑/↓ choose the step shown; x aborts; q and Esc only warn; Ctrl-C aborts, and quits once aborting', () => {
  assert.equal(focusedStep(runView(['done', 'running', 'pending']).steps, null), 1, 'follows the running step');
  assert.equal(at(running(), 'up').view.selectedStep, 0);
  assert.equal(at(running(), 'down', { selectedStep: 3 }).view.selectedStep, 3, 'stays on the last');
  const x = at(running(), 'abort');
  assert.deepEqual(x.effects, [{ kind: 'abort' }]);
  assert.match(x.view.warning!, /aborting after the current command/);
  for (const c of ['quit', 'back'] as const) {
    const r = at(running(), c);
    assert.deepEqual(r.effects, [], `${c} does not leave a run`);
    assert.equal(r.view.warning, 'a run is in progress: x aborts it first');
  }
  const first = at(running(), 'interrupt');
  assert.deepEqual(first.effects, [{ kind: 'abort' }]);
  assert.match(first.view.warning!, /Ctrl-C again leaves now/);
  assert.deepEqual(at(running(true), 'interrupt').effects, [{ kind: 'quit' }], 'the second Ctrl-C quits');
});

test('an ended run: Enter or Esc back to the dashboard (the list reset), q quits; the step shown is the last that did anything', () => {
  for (const c of ['select', 'back'] as const) assert.deepEqual(at(ended, c).effects, [{ kind: 'picker' }, { kind: 'close' }]);
  assert.deepEqual(at(ended, 'quit').effects, [{ kind: 'quit' }]);
  assert.equal(focusedStep(runView(['done', 'done', 'failed', 'pending']).steps, null), 2);
  assert.equal(at(ended, 'up').view.selectedStep, 1);
  assert.deepEqual(viewForNewPhase({ cursor: 3, top: 9, selectedStep: 2, warning: 'w' }), {
    cursor: 0,
    top: 0,
    selectedStep: null,
    warning: 'w',
  });
});

test('the layout: the steps beside their output from 100 columns, a prompt takes half the screen, the main area never below 3 lines', () => {
  const wide = wizardLayout({ width: 120, height: 40, statusLines: 2, prompt: false, steps: 6 });
  assert.deepEqual(wide, {
    promptHeight: 0,
    mainHeight: 40 - 5 - 2,
    planPage: 34,
    side: true,
    list: { width: 54, height: 33 },
    output: { width: 65, height: 33 },
  });
  const narrow = wizardLayout({ width: 80, height: 24, statusLines: 0, prompt: true, steps: 6 });
  assert.equal(narrow.promptHeight, 12);
  assert.equal(narrow.mainHeight, 24 - 5 - 12);
  assert.equal(narrow.side, false);
  assert.deepEqual(narrow.list, { width: 80, height: 3 });
  assert.deepEqual(narrow.output, { width: 80, height: 4 });
  assert.equal(wizardLayout({ width: 80, height: 10, statusLines: 6, prompt: true, steps: 2 }).mainHeight, 3);
});

test('the status lines: what the run does, how it ended with its journal, failed preflight checks (three at most), the warning', () => {
  const r = runStatus(running(true), 'careful', 80);
  assert.deepEqual(r.activity, { text: 'ABORTING · running s1', aborting: true });
  assert.equal(statusLines(r), 2);
  const failedPreflight: WizardState = {
    ...ended,
    view: {
      ...runView([], 'ended'),
      preflight: Array.from({ length: 5 }, (_, i) => ({ ok: i === 0, label: `check ${i}`, detail: 'no' })),
    },
  };
  const e = runStatus(failedPreflight, null, 80);
  assert.deepEqual(e.outcome, { lines: ['FAILED: step s2 failed'], emphasis: 'verdict-critical', journal: '/j' });
  assert.deepEqual(e.preflightFails, ['✗ check 1: no', '✗ check 2: no', '✗ check 3: no']);
  assert.equal(statusLines(e), 2 + 3);
  assert.equal(titleLine(pick, 'lab'), 'Procedures · cluster lab · read-write');
  assert.equal(titleLine(ended, 'lab'), 'Switchover · cluster lab · primary lab-a · standby lab-b (live) · run r9');
});
