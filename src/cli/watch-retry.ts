// The wallboard's answer to a refused connection: try again, later and later, unless the refusal
// is one that must stop it. A refusal is often passing (ssh_config briefly missing while it is
// rewritten, the agent not there yet, a login refused while a key is being deployed, a host key
// unknown until someone adds it): a wallboard that gave up stayed UNREACHABLE for good (issue 11,
// item 6). A host key that changed, was revoked, or is of another type than known_hosts holds is
// what an attack looks like: watch never retries those, so the board keeps saying REFUSED with
// OpenSSH's warning until a person looks.
import type { ConnectionState } from '../transport/types.js';

export const FIRST_RETRY_MS = 5_000;
export const MAX_RETRY_MS = 5 * 60_000;

// The host-key refusals no retry may get past.
const FINAL = new Set(['changed', 'revoked', 'other-type']);

export type RetryDecision = { retry: true; delayMs: number } | { retry: false };

/**
 * What to do after the `attempt`-th refusal in a row (1 for the first): wait 5 s, then twice as
 * long each time, at most 5 min; or stop, for a changed, revoked or other-type host key.
 */
export function afterRefusal(state: Extract<ConnectionState, { state: 'refused' }>, attempt: number): RetryDecision {
  if (state.hostKey && FINAL.has(state.hostKey)) return { retry: false };
  const delayMs = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.min(Math.max(attempt - 1, 0), 30));
  return { retry: true, delayMs };
}

/** What the retry loop needs of a connection. */
export interface Retryable {
  onState(listener: (s: ConnectionState) => void): () => void;
  connect(): Promise<void>;
}

export interface RetryTimers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: RetryTimers = {
  set: (fn, ms) => setTimeout(fn, ms).unref(),
  clear: (h) => clearTimeout(h as NodeJS.Timeout),
};

/** Retries each refusal of `conn` as `afterRefusal` says; a connection that succeeds starts over at 5 s. Returns the stop function. */
export function retryRefusals(conn: Retryable, timers: RetryTimers = realTimers): () => void {
  let refusals = 0;
  let pending: unknown = null;
  let stopped = false;
  const unsubscribe = conn.onState((s) => {
    if (s.state === 'connected') refusals = 0;
    if (s.state !== 'refused' || stopped || pending !== null) return;
    refusals++;
    const decision = afterRefusal(s, refusals);
    if (!decision.retry) return;
    pending = timers.set(() => {
      pending = null;
      if (!stopped) conn.connect().catch(() => {}); // a failure is a new state, seen above
    }, decision.delayMs);
  });
  return () => {
    stopped = true;
    unsubscribe();
    if (pending !== null) timers.clear(pending);
  };
}
