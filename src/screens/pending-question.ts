// One question at a time, waiting for the operator's answer on screen: the host-key question of
// the console and the procedure engine's questions in the wizard. The screen subscribes, shows
// `current()` and calls its `answer`; an answer to a question no longer pending is ignored.
export interface Pending<Q, A> {
  question: Q;
  answer(value: A): void;
}

export class PendingQuestion<Q, A> {
  #pending: Pending<Q, A> | null = null;
  readonly #listeners = new Set<() => void>();

  /** Holds `question` until it is answered; the returned promise settles with the answer. */
  ask(question: Q): Promise<A> {
    return new Promise<A>((resolve) => {
      const pending: Pending<Q, A> = {
        question,
        answer: (value) => {
          if (this.#pending !== pending) return;
          this.#pending = null;
          this.#emit();
          resolve(value);
        },
      };
      this.#pending = pending;
      this.#emit();
    });
  }

  current(): Pending<Q, A> | null {
    return this.#pending;
  }

  subscribe(fn: () => void): () => void {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }

  #emit(): void {
    for (const l of this.#listeners) l();
  }
}
