// The wizard's keys, one table per phase: the input handler (wizard-input.ts) and the hints line
// read it, so each phase advertises exactly the keys it takes. A phase added to WizardState and
// not given its keys here does not compile (the record is over every phase). The prompts of a
// running procedure take their own keys (prompts/), plus INTERRUPT_KEYS.
import { ctrlKey, key, namedKey, type KeyRow } from '../key-bindings.js';
import type { WizardPhase } from './wizard-controller.js';

/** Everything a key can ask of the wizard; what each does depends on the phase (wizard-input.ts). */
export type WizardCommand =
  | 'up'
  | 'down'
  | 'page-up'
  | 'page-down'
  /** Enter: take the selected item, or go on. */
  | 'select'
  /** Not the offered runs: the other procedures. */
  | 'others'
  | 'back'
  | 'quit'
  | 'abort'
  /** Before a run: ask once per phase, or before every change. */
  | 'gates'
  /** Ctrl-C: abort a run (a second one quits), or quit. */
  | 'interrupt';

export type WizardKeyRow = KeyRow<WizardCommand>;

const CHOOSE: WizardKeyRow = {
  keys: [namedKey('upArrow', 'up'), namedKey('downArrow', 'down')],
  hint: 'choose',
  help: 'move the selection',
};
const STEP_OUTPUT: WizardKeyRow = {
  keys: [namedKey('upArrow', 'up'), namedKey('downArrow', 'down')],
  hint: 'step output',
  help: "show an earlier or a later step's commands and output",
};
const QUIT: WizardKeyRow = { keys: [key('q', 'quit'), ctrlKey('c', 'interrupt')], hint: 'quit', help: 'leave hapilot' };
const CTRL_C_QUITS: WizardKeyRow = { keys: [ctrlKey('c', 'interrupt')], hint: 'quit', help: 'leave hapilot' };

/** Ctrl-C while a run goes on, also while one of its questions is open. */
export const INTERRUPT_KEYS: readonly KeyRow<'interrupt'>[] = [
  {
    keys: [ctrlKey('c', 'interrupt')],
    hint: 'abort, twice: quit',
    help: 'abort the run after the current command; a second Ctrl-C leaves at once (the run stays resumable)',
  },
];

export const WIZARD_KEYS: Readonly<Record<WizardPhase, readonly WizardKeyRow[]>> = {
  'resume-offer': [
    CHOOSE,
    { keys: [namedKey('return', 'select')], hint: 'resume (plan first)', help: 'resume the selected run: its plan first' },
    { keys: [key('n', 'others')], hint: 'not now: other procedures', help: 'leave the runs for now and choose a procedure' },
    { keys: [namedKey('escape', 'back')], hint: 'dashboard', help: 'back to the dashboard' },
    QUIT,
  ],
  pick: [
    CHOOSE,
    { keys: [namedKey('return', 'select')], hint: 'plan', help: "show the selected procedure's plan; nothing runs yet" },
    { keys: [namedKey('escape', 'back')], hint: 'dashboard', help: 'back to the dashboard' },
    QUIT,
  ],
  preparing: [CTRL_C_QUITS],
  plan: [
    {
      keys: [namedKey('return', 'select')],
      hint: 'run it (every change is shown before it runs)',
      help: 'start the run; every change waits for its gate (its phase gate, or its own)',
    },
    {
      keys: [key('g', 'gates')],
      hint: 'ask per phase / per change',
      help: 'ask once per phase (destructive steps still ask on their own), or before every change',
    },
    {
      keys: [namedKey('upArrow', 'up'), namedKey('downArrow', 'down'), namedKey('pageUp', 'page-up'), namedKey('pageDown', 'page-down')],
      hint: 'scroll',
      help: 'scroll the plan by a line or a page',
    },
    { keys: [namedKey('escape', 'back')], hint: 'back', help: 'back to the procedures (or the unfinished runs)' },
    CTRL_C_QUITS,
  ],
  running: [
    { keys: [key('x', 'abort')], hint: 'abort', help: 'abort the run after the current command' },
    STEP_OUTPUT,
    ...INTERRUPT_KEYS,
    {
      keys: [key('q', 'quit'), namedKey('escape', 'back')],
      hint: 'leave once the run ends',
      help: 'a run in progress is not left: abort it first',
    },
  ],
  ended: [
    { keys: [namedKey('return', 'select'), namedKey('escape', 'back')], hint: 'back to the dashboard', help: 'back to the dashboard' },
    STEP_OUTPUT,
    QUIT,
  ],
};
