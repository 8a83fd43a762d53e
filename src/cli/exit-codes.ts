// Exit codes. `status` follows the monitoring-plugin convention (Nagios, Icinga, Sensu), so a
// monitoring system can run `hapilot status` as a check without a wrapper.
export const EXIT = {
  OK: 0,
  /** status: degraded */
  WARNING: 1,
  /** usage error: unknown command or flag, invalid value or cluster file */
  USAGE: 2,
  /** status: critical */
  CRITICAL: 2,
  /** status: a node unreachable or the state unknown */
  UNKNOWN: 3,
} as const;
