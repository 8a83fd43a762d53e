// An Operator whose answers a test sets in advance, recording every question it was asked.
import type {
  FailureQuestion,
  GateQuestion,
  ManualQuestion,
  Operator,
  UnknownOutcomeQuestion,
  WaitQuestion,
} from '../../src/ops/operator.js';

export interface Answers {
  confirm?: boolean | ((q: GateQuestion) => boolean);
  /** What to type for a destructive step: by default the expected name. */
  type?: (q: GateQuestion, expected: string) => string;
  onFailure?: 'retry' | 'rollback' | 'stop' | (() => 'retry' | 'rollback' | 'stop');
  onWaitTimeout?: 'retry' | 'abort' | 'force';
  manual?: 'done' | 'abort';
  onUnknownOutcome?: 'rerun' | 'stop';
}

export class RecordingOperator implements Operator {
  readonly mode = 'interactive' as const;
  readonly asked: { kind: string; title: string }[] = [];

  constructor(private readonly answers: Answers = {}) {}

  async confirm(q: GateQuestion) {
    this.asked.push({ kind: 'confirm', title: q.title });
    const a = this.answers.confirm ?? true;
    return typeof a === 'function' ? a(q) : a;
  }
  async typeNodeName(q: GateQuestion, expected: string) {
    this.asked.push({ kind: 'type', title: `${q.title} @ ${expected}` });
    return this.answers.type ? this.answers.type(q, expected) : expected;
  }
  async onFailure(q: FailureQuestion) {
    this.asked.push({ kind: 'failure', title: q.title });
    const a = this.answers.onFailure ?? 'stop';
    return typeof a === 'function' ? a() : a;
  }
  async onWaitTimeout(q: WaitQuestion) {
    this.asked.push({ kind: 'wait-timeout', title: q.title });
    return this.answers.onWaitTimeout ?? 'abort';
  }
  async manual(q: ManualQuestion) {
    this.asked.push({ kind: 'manual', title: q.title });
    return this.answers.manual ?? 'done';
  }
  async onUnknownOutcome(q: UnknownOutcomeQuestion) {
    this.asked.push({ kind: 'unknown', title: q.title });
    return this.answers.onUnknownOutcome ?? 'stop';
  }
}
