// The console's answer to "this node's host key is not in known_hosts: trust it?". The transport
// asks (one question at a time, see session.ts); the broker holds the question until the operator
// answers on screen. Nothing is accepted by default: leaving the console refuses the key.
import type { AskUnknownHostKey, UnknownHostKeyQuestion } from '../transport/host-key-policy.js';
import { PendingQuestion, type Pending } from './pending-question.js';

export type PendingHostKey = Pending<UnknownHostKeyQuestion, boolean>;

export class HostKeyBroker {
  readonly #question = new PendingQuestion<UnknownHostKeyQuestion, boolean>();

  /** Pass this to openSession as interactiveHostKey. */
  readonly ask: AskUnknownHostKey = (question) => this.#question.ask(question);

  current(): PendingHostKey | null {
    return this.#question.current();
  }

  /** Refuses what is pending (the console is closing). */
  refusePending(): void {
    this.#question.current()?.answer(false);
  }

  subscribe(fn: () => void): () => void {
    return this.#question.subscribe(fn);
  }
}
