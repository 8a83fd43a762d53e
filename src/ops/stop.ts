// How a run ends early: thrown by a step, a gate or a rollback with the outcome the run ends with
// ('failed' or 'incomplete') and the message the operator reads; the engine catches it once.
import type { RunOutcome } from './journal.js';

export class Stop extends Error {
  constructor(
    readonly outcome: RunOutcome,
    message: string,
  ) {
    super(message);
  }
}
