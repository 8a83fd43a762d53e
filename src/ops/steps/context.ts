// What a step kind may use of the run it is part of: the run's journal and step views, the
// operator, fresh predicate results, gates, and the connections. The engine makes one per run;
// each file in steps/ gets it and never reaches into the engine otherwise.
import type { NodeId } from '../../cluster/facts.js';
import type { ExecResult, RemoteCommand } from '../../transport/types.js';
import type { JournalWriter, StepStatus } from '../journal.js';
import type { GateQuestion, Operator } from '../operator.js';
import type { PlannedStep } from '../plan.js';
import type { PredicateResult } from '../predicates.js';
import type { Predicate } from '../procedure-schema.js';
import type { StepView } from '../run-view.js';
import type { TemplateContext } from '../template.js';

export type StepResult = 'done' | 'failed';

export interface StepContext {
  readonly operator: Operator;
  readonly journal: JournalWriter;
  /** Values captured by earlier steps; a `run` step with `capture` adds to them. */
  readonly vars: Record<string, string>;
  /** Whether the operator asked to stop as soon as it is safe. */
  aborted(): boolean;
  view(i: number): StepView;
  /** A node's name; `null` is the operator's machine (a `local` step). */
  nodeName(node: NodeId | null): string;
  templateContext(): TemplateContext;
  /** Every predicate against one fresh probe round. */
  checkAll(preds: Predicate[]): Promise<PredicateResult[]>;
  /** Passes the gate or throws Stop('incomplete'). */
  gate(q: GateQuestion): Promise<void>;
  /** A command on a node (`node`) or on the operator's machine (`null`). */
  exec(node: NodeId | null, cmd: RemoteCommand, timeoutMs: number, onOutput?: (chunk: string) => void): Promise<ExecResult>;
  /** Output as it arrives, for the screens. */
  output(stepId: string, nodeName: string, chunk: string): void;
  setStep(i: number, status: StepStatus, detail: string): void;
  /** Marks the step done and journals its end as a whole. */
  succeed(i: number, detail: string): 'done';
  /** Marks the step failed; journals its end unless the caller already did. */
  fail(i: number, detail: string, journal?: boolean): 'failed';
  decision(stepId: string, question: string, answer: string): void;
  activity(text: string): void;
}

/** One step kind: one attempt at a planned step of that kind (its preconditions already hold). */
export type StepKindRunner = (ctx: StepContext, s: PlannedStep, i: number, attempt: number) => Promise<StepResult>;

/** "label (detail); label (detail)": how failed predicates read everywhere. */
export function listResults(results: PredicateResult[], sep = '; '): string {
  return results.map((r) => `${r.label} (${r.detail})`).join(sep);
}

/** The last n characters. */
export function tail(s: string, n: number): string {
  return s.length <= n ? s : s.slice(s.length - n);
}
