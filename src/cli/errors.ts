import { OperatorError } from '../operator-error.js';

/** A mistake in how hapilot was called: a missing cluster file, a terminal needed, a run id that does not match. */
export class UsageError extends OperatorError {
  override name = 'UsageError';
}
