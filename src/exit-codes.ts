// Exit codes. `status` follows the monitoring-plugin convention (Nagios, Icinga, Sensu), so a
// monitoring system can run `hapilot status` as a check without a wrapper. A leaf module: the
// command line decides with them, and the status document (src/view) carries its code.
export const EXIT = {
  OK: 0,
  /** status: degraded */
  WARNING: 1,
  /** an operator's mistake: unknown command or flag, invalid value or cluster file, a refused plan (OperatorError) */
  USAGE: 2,
  /** status: critical */
  CRITICAL: 2,
  /** status: a node unreachable or the state unknown, or status could not check at all (a bad cluster file) */
  UNKNOWN: 3,
} as const;

/** `hapilot run`: how the run ended (2 stays a usage error). */
export const RUN_EXIT = {
  SUCCEEDED: 0,
  /** A step failed (and was rolled back or not), or the preflight refused: see the message. */
  FAILED: 1,
  /** Stopped part-way (declined gate, abort): resumable with --resume. */
  INCOMPLETE: 3,
} as const;
