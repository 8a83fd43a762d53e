// What each wizard command does in each phase, as a pure function (the reducer of gemini-cli's
// Ink UI): the wizard's state, the screen's own state and a command in; the new screen state and
// the effects (what the controller or the console must do) out. WizardScreen.tsx maps a key to its
// command (keys.ts) and carries the effects out; this module is tested one action at a time
// without Ink. The switch over the phases is exhaustive: a new phase does not compile until it is
// handled here.
import type { StepView } from '../../ops/run-view.js';
import { keysFor } from '../key-bindings.js';
import { INTERRUPT_KEYS, WIZARD_KEYS, type WizardCommand } from './keys.js';
import type { WizardState } from './wizard-controller.js';

/** What only the screen knows. */
export interface WizardView {
  /** The selected run or procedure of a list. */
  cursor: number;
  /** The first line of the plan shown. */
  top: number;
  /** The step whose commands and output are shown; null follows the running (or last touched) one. */
  selectedStep: number | null;
  /** One line under the run's status: an abort under way, a run that cannot be left yet. */
  warning: string | null;
}

export const WIZARD_VIEW_START: WizardView = { cursor: 0, top: 0, selectedStep: null, warning: null };

export type WizardEffect =
  | { kind: 'resume'; runId: string }
  | { kind: 'choose'; procedure: string }
  /** The procedure list (the controller's picker). */
  | { kind: 'picker' }
  /** The offer of unfinished runs again. */
  | { kind: 'offer' }
  | { kind: 'run' }
  /** Switch between one gate per phase and one per change. */
  | { kind: 'gates' }
  | { kind: 'abort' }
  /** Back to the dashboard. */
  | { kind: 'close' }
  | { kind: 'quit' };

export interface WizardInputContext {
  /** Lines that PgUp and PgDn move the plan by. */
  planPage: number;
}

export interface WizardStep {
  view: WizardView;
  effects: readonly WizardEffect[];
}

const ABORTING = 'aborting after the current command…';
const ABORTING_ON_INTERRUPT = `aborting after the current command; ${keysFor(INTERRUPT_KEYS, 'interrupt')} again leaves now (the run stays resumable from its journal)`;

export function wizardInput(state: WizardState, view: WizardView, command: WizardCommand, ctx: WizardInputContext): WizardStep {
  const stay = result(view);
  const move = (next: Partial<WizardView>): WizardStep => result({ ...view, ...next });
  const does = (...effects: WizardEffect[]): WizardStep => result(view, ...effects);
  if (command === 'interrupt') {
    // Ctrl-C: a run in progress is aborted first (and left at once on a second Ctrl-C); anything else quits.
    if (state.phase !== 'running') return does({ kind: 'quit' });
    if (state.aborting) return does({ kind: 'quit' });
    return { view: { ...view, warning: ABORTING_ON_INTERRUPT }, effects: [{ kind: 'abort' }] };
  }
  switch (state.phase) {
    case 'resume-offer':
      if (command === 'others') return does({ kind: 'picker' });
      return inList(view, command, state.runs.length, (i) => ({ kind: 'resume', runId: state.runs[i]!.runId }));
    case 'pick':
      return inList(view, command, state.procedures.length, (i) => ({ kind: 'choose', procedure: state.procedures[i]!.name }));
    case 'preparing':
      return stay;
    case 'plan': {
      const last = Math.max(0, state.lines.length - 1);
      if (command === 'up') return move({ top: Math.max(0, view.top - 1) });
      if (command === 'down') return move({ top: Math.min(last, view.top + 1) });
      if (command === 'page-up') return move({ top: Math.max(0, view.top - ctx.planPage) });
      if (command === 'page-down') return move({ top: Math.min(last, view.top + ctx.planPage) });
      if (command === 'select') return does({ kind: 'run' });
      if (command === 'gates') return does({ kind: 'gates' });
      if (command === 'back') return does(state.resumeOf ? { kind: 'offer' } : { kind: 'picker' });
      return stay;
    }
    case 'running': {
      if (command === 'up' || command === 'down') return move({ selectedStep: stepTo(state.view.steps, view.selectedStep, command) });
      if (command === 'abort') return { view: { ...view, warning: ABORTING }, effects: [{ kind: 'abort' }] };
      if (command === 'quit' || command === 'back')
        return move({ warning: `a run is in progress: ${keysFor(WIZARD_KEYS.running, 'abort')} aborts it first` });
      return stay;
    }
    case 'ended': {
      if (command === 'up' || command === 'down') return move({ selectedStep: stepTo(state.view.steps, view.selectedStep, command) });
      if (command === 'select' || command === 'back') return does({ kind: 'picker' }, { kind: 'close' });
      if (command === 'quit') return does({ kind: 'quit' });
      return stay;
    }
    default: {
      const unhandled: never = state;
      throw new Error(`wizard phase ${JSON.stringify(unhandled)} takes no keys`);
    }
  }
}

function result(view: WizardView, ...effects: WizardEffect[]): WizardStep {
  return { view, effects };
}

/** A list to choose from (the unfinished runs, the procedures): ↑/↓ within it, Enter takes the selected item, Esc the dashboard. */
function inList(view: WizardView, command: WizardCommand, length: number, take: (index: number) => WizardEffect): WizardStep {
  if (command === 'up' || command === 'down')
    return result({ ...view, cursor: Math.max(0, Math.min(length - 1, view.cursor + (command === 'up' ? -1 : 1))) });
  if (command === 'select') return view.cursor < length ? result(view, take(view.cursor)) : result(view);
  if (command === 'back') return result(view, { kind: 'close' });
  if (command === 'quit') return result(view, { kind: 'quit' });
  return result(view);
}

/** The step shown: the one chosen with ↑/↓, else the running one, else the last one that did anything. */
export function focusedStep(steps: readonly StepView[], selected: number | null): number {
  if (selected !== null) return selected;
  const running = steps.findIndex((s) => s.status === 'running');
  if (running >= 0) return running;
  return steps.reduce((n, s, i) => (s.status !== 'pending' && s.status !== 'skipped' ? i : n), 0);
}

function stepTo(steps: readonly StepView[], selected: number | null, direction: 'up' | 'down'): number {
  const from = focusedStep(steps, selected);
  return direction === 'up' ? Math.max(0, from - 1) : Math.min(steps.length - 1, from + 1);
}

/** A new phase starts at the top of its list or plan, following the run. */
export function viewForNewPhase(view: WizardView): WizardView {
  return { ...view, cursor: 0, top: 0, selectedStep: null };
}
