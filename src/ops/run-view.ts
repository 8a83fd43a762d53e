// What a run looks like from outside while it goes: the steps with their state, commands and
// output, the phase, the outcome. The wizard and `hapilot run` render this; resume rebuilds it.
import type { NodeId } from '../cluster/facts.js';
import type { StepStatus, RunOutcome } from './journal.js';
import type { PredicateResult } from './predicates.js';
import type { Step } from './procedure-schema.js';

export interface StepView {
  id: string;
  title: string;
  kind: Step['kind'];
  status: StepStatus;
  nodes: string[];
  /** Commands as sent (or as they will be), per node. */
  commands: { node: string; command: string }[];
  destructive: boolean;
  /** Last lines of output, or the predicate results of a check/wait. */
  output: string;
  detail: string;
  condition?: string;
}

export type Phase = 'preflight' | 'starting' | 'running' | 'rolling-back' | 'finishing' | 'ended';

export interface RunView {
  runId: string;
  procedure: string;
  title: string;
  roles: { primary: string; standby: string; basis: string };
  phase: Phase;
  steps: StepView[];
  preflight: PredicateResult[];
  /** Set when the run ended. */
  outcome?: RunOutcome;
  rolledBack?: boolean;
  message?: string;
  /** What the engine is doing right now, in a few words. */
  activity: string;
}

export interface ResumeState {
  runId: string;
  vars: Record<string, string>;
  statuses: Record<string, StepStatus>;
  /** Interlocks this run paused and has not yet restored. */
  paused: { name: string; node: NodeId }[];
}
