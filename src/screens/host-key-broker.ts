// The console's answer to "this node's host key is not in known_hosts: trust it?". The transport
// asks (one question at a time, see session.ts); the broker holds the question until the operator
// answers on screen. Nothing is accepted by default: leaving the console refuses the key.
import type { AskUnknownHostKey, UnknownHostKeyQuestion } from '../transport/host-key-policy.js';

export interface PendingHostKey {
  question: UnknownHostKeyQuestion;
  answer(accept: boolean): void;
}

export class HostKeyBroker {
  #pending: PendingHostKey | null = null;
  readonly #listeners = new Set<() => void>();

  /** Pass this to openSession as interactiveHostKey. */
  readonly ask: AskUnknownHostKey = (question) =>
    new Promise<boolean>((resolve) => {
      this.#pending = {
        question,
        answer: (accept) => {
          if (this.#pending?.question !== question) return;
          this.#pending = null;
          this.#emit();
          resolve(accept);
        },
      };
      this.#emit();
    });

  current(): PendingHostKey | null {
    return this.#pending;
  }

  /** Refuses what is pending (the console is closing). */
  refusePending(): void {
    this.#pending?.answer(false);
  }

  subscribe(fn: () => void): () => void {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }

  #emit(): void {
    for (const l of this.#listeners) l();
  }
}
