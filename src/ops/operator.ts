// Where the engine asks a human. The console's wizard, the terminal prompts of `hapilot run` and
// scripted use each implement this; the engine journals every answer with who gave it.
/**
 * How often an interactive run asks before its changes: before each one ('step'), or once per
 * phase of the procedure ('phase', the default). Destructive steps always ask on their own.
 * Scripted runs answer from their --confirm list either way.
 */
export type GateGrain = 'step' | 'phase';

export interface GateQuestion {
  stepId: string;
  title: string;
  /** Node names the step changes. */
  nodes: string[];
  /** The exact commands, per node, as they will be sent (for a phase: those its yes covers). */
  commands: { node: string; command: string }[];
  destructive: boolean;
  rollback: boolean;
  /** A phase gate: every changing step of the phase, and which of them will still ask on their own. */
  phase?: { id: string; steps: PhaseGateStep[] };
}

export interface PhaseGateStep {
  stepId: string;
  title: string;
  commands: { node: string; command: string }[];
  /** Why this step keeps its own gate (destructive, or its command is known only later); absent when covered. */
  asksAgain?: string;
  /** When the step may be skipped. */
  condition?: string;
}

export interface FailureQuestion {
  stepId: string;
  title: string;
  error: string;
  /** How many completed steps have a rollback. */
  rollbackable: number;
}

export interface WaitQuestion {
  stepId: string;
  title: string;
  /** What is still not true. */
  pending: string[];
}

export interface ManualQuestion {
  stepId: string;
  title: string;
  instructions: string;
  checklist: string[];
}

export interface UnknownOutcomeQuestion {
  stepId: string;
  title: string;
  reason: string;
}

export interface Operator {
  readonly mode: 'interactive' | 'scripted';
  /** Scripted use: the nodes given with --confirm, journaled with the run. */
  readonly confirmations?: readonly string[];
  /** A changing step: yes to run it. The default answer is no. */
  confirm(q: GateQuestion): Promise<boolean>;
  /** A destructive step: what the operator typed; it must equal the target node's name. */
  typeNodeName(q: GateQuestion, expected: string): Promise<string>;
  onFailure(q: FailureQuestion): Promise<'retry' | 'rollback' | 'stop'>;
  onWaitTimeout(q: WaitQuestion): Promise<'retry' | 'abort' | 'force'>;
  /** Instructions carried out outside hapilot; 'done' once every checklist item is ticked. */
  manual(q: ManualQuestion): Promise<'done' | 'abort'>;
  /** A resumed step whose outcome is unknown and that has no way to verify itself. */
  onUnknownOutcome(q: UnknownOutcomeQuestion): Promise<'rerun' | 'stop'>;
}

export interface ScriptedOptions {
  /** Node names given with --confirm: changes and destructive steps on them are allowed. */
  confirm: string[];
  /** Manual step ids given with --ack: the script states they were carried out. */
  ack: string[];
  onFailure: 'stop' | 'rollback';
}

/** Scripted use: answers from the command line, never a guess. What it answers is journaled as 'script'. */
export function scriptedOperator(o: ScriptedOptions): Operator {
  const allowed = (nodes: string[]) => nodes.length > 0 && nodes.every((n) => o.confirm.includes(n));
  return {
    mode: 'scripted',
    confirmations: o.confirm,
    confirm: async (q) => allowed(q.nodes),
    typeNodeName: async (q, expected) => (allowed(q.nodes) ? expected : ''),
    onFailure: async (q) => (o.onFailure === 'rollback' && q.rollbackable > 0 ? 'rollback' : 'stop'),
    onWaitTimeout: async () => 'abort',
    manual: async (q) => (o.ack.includes(q.stepId) ? 'done' : 'abort'),
    onUnknownOutcome: async () => 'stop',
  };
}
