// Issue 11, item 6: the wallboard retries a refused connection (a passing cause: ssh_config
// missing for a moment, no agent yet), 5 s then doubling up to 5 min, and stops only for a host key
// that changed, was revoked or is of another type than known_hosts holds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { afterRefusal, MAX_RETRY_MS, retryRefusals, type Retryable } from '../../../src/cli/watch-retry.js';
import type { ConnectionState } from '../../../src/transport/types.js';

const refused = (hostKey?: Extract<ConnectionState, { state: 'refused' }>['hostKey']): Extract<ConnectionState, { state: 'refused' }> => ({
  state: 'refused',
  reason: 'x',
  since: '2026-12-02T00:00:00Z',
  ...(hostKey ? { hostKey } : {}),
});

test('item 6: a refusal is retried after 5 s, 10 s, 20 s ... never more than 5 min apart', () => {
  const delays = [1, 2, 3, 4, 5, 6, 7, 8, 50].map((n) => {
    const d = afterRefusal(refused(), n);
    assert.ok(d.retry);
    return d.delayMs;
  });
  assert.deepEqual(delays, [5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000, MAX_RETRY_MS]);
  // A login refused, ssh_config missing, an unknown or unreadable host key: all passing causes.
  for (const why of ['unknown', 'unreadable', 'malformed', 'declined'] as const)
    assert.equal(afterRefusal(refused(why), 1).retry, true, why);
});

test('item 6: a changed, revoked or other-type host key stops the retries', () => {
  for (const why of ['changed', 'revoked', 'other-type'] as const) assert.deepEqual(afterRefusal(refused(why), 1), { retry: false }, why);
});

/** A connection whose states the test sets, counting connect() calls; timers run when the test says. */
function fakes() {
  const listeners = new Set<(s: ConnectionState) => void>();
  let connects = 0;
  const conn: Retryable = {
    onState: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    connect: async () => {
      connects++;
    },
  };
  const timers: { fn: () => void; ms: number; cleared: boolean }[] = [];
  return {
    conn,
    set: (s: ConnectionState) => {
      for (const l of listeners) l(s);
    },
    connects: () => connects,
    timers,
    fakeTimers: {
      set: (fn: () => void, ms: number) => {
        const t = { fn, ms, cleared: false };
        timers.push(t);
        return t;
      },
      clear: (h: unknown) => {
        (h as { cleared: boolean }).cleared = true;
      },
    },
  };
}

test('item 6: the loop reconnects after each refusal, backs off, starts over once connected, and stops for good on a changed key', async () => {
  const f = fakes();
  const stop = retryRefusals(f.conn, f.fakeTimers);
  f.set(refused()); // ssh_config missing for a moment
  assert.equal(f.timers.length, 1);
  assert.equal(f.timers[0]!.ms, 5_000);
  f.timers[0]!.fn();
  assert.equal(f.connects(), 1);
  f.set({ state: 'connecting', attempt: 1, since: 'x' });
  f.set(refused('unknown')); // still refused: twice as long
  assert.equal(f.timers[1]!.ms, 10_000);
  f.timers[1]!.fn();
  f.set({ state: 'connected', since: 'x' });
  f.set(refused()); // refused again later: from 5 s again
  assert.equal(f.timers[2]!.ms, 5_000);
  f.timers[2]!.fn();
  f.set(refused('changed'));
  assert.equal(f.timers.length, 3, 'no retry after a changed host key');
  assert.equal(f.connects(), 3);
  stop();
});

test('item 6: stopping the wallboard cancels a pending retry', () => {
  const f = fakes();
  const stop = retryRefusals(f.conn, f.fakeTimers);
  f.set(refused());
  stop();
  assert.equal(f.timers[0]!.cleared, true);
  f.set(refused());
  assert.equal(f.timers.length, 1);
});
