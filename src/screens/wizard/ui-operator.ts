// The Operator the engine asks, answered on screen. Each question waits as `pending` until the
// wizard answers it; `refuse` gives the safe answer (no, stop, abort) to whatever is pending, for
// an abort or a quit. The engine journals every answer.
import { PendingQuestion, type Pending as GenericPending } from '../pending-question.js';
import type { FailureQuestion, GateQuestion, ManualQuestion, Operator, UnknownOutcomeQuestion, WaitQuestion } from '../../ops/operator.js';

export type Question =
  | { kind: 'confirm'; q: GateQuestion }
  | { kind: 'type-name'; q: GateQuestion; expected: string }
  | { kind: 'failure'; q: FailureQuestion }
  | { kind: 'wait-timeout'; q: WaitQuestion }
  | { kind: 'manual'; q: ManualQuestion }
  | { kind: 'unknown-outcome'; q: UnknownOutcomeQuestion };

type Answer = boolean | string;

export type Pending = GenericPending<Question, Answer>;

// What each question gets when the operator aborts or leaves: never a yes.
const SAFE: Record<Question['kind'], Answer> = {
  confirm: false,
  'type-name': '',
  failure: 'stop',
  'wait-timeout': 'abort',
  manual: 'abort',
  'unknown-outcome': 'stop',
};

export class UiOperator implements Operator {
  readonly mode = 'interactive' as const;
  readonly #question = new PendingQuestion<Question, Answer>();

  pending(): Pending | null {
    return this.#question.current();
  }

  subscribe(fn: () => void): () => void {
    return this.#question.subscribe(fn);
  }

  /** The safe answer to what is pending, if anything. */
  refuse(): void {
    const p = this.#question.current();
    if (p) p.answer(SAFE[p.question.kind]);
  }

  confirm(q: GateQuestion): Promise<boolean> {
    return this.#ask({ kind: 'confirm', q });
  }

  typeNodeName(q: GateQuestion, expected: string): Promise<string> {
    return this.#ask({ kind: 'type-name', q, expected });
  }

  onFailure(q: FailureQuestion): Promise<'retry' | 'rollback' | 'stop'> {
    return this.#ask({ kind: 'failure', q });
  }

  onWaitTimeout(q: WaitQuestion): Promise<'retry' | 'abort' | 'force'> {
    return this.#ask({ kind: 'wait-timeout', q });
  }

  manual(q: ManualQuestion): Promise<'done' | 'abort'> {
    return this.#ask({ kind: 'manual', q });
  }

  onUnknownOutcome(q: UnknownOutcomeQuestion): Promise<'rerun' | 'stop'> {
    return this.#ask({ kind: 'unknown-outcome', q });
  }

  #ask<T>(question: Question): Promise<T> {
    // The engine asks one question at a time; a second one would be a bug there, so the first is
    // refused rather than left hanging.
    this.refuse();
    return this.#question.ask(question) as Promise<T>;
  }
}
