// A counting semaphore: at most `max` tasks run at once, the rest wait in arrival order.
// Used for ssh channels: OpenSSH's sshd allows MaxSessions (default 10) channels per connection
// and frees a slot slightly after the client sees `close`, so hapilot keeps at most 8 in flight.

export interface Limiter {
  readonly max: number;
  /** Tasks running now. */
  readonly active: number;
  /** Tasks waiting for a slot. */
  readonly waiting: number;
  /** The highest `active` ever seen (for tests and the console's diagnostics). */
  readonly peak: number;
  run<T>(task: () => Promise<T>): Promise<T>;
}

export function createLimiter(max: number): Limiter {
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`limiter: max must be a positive integer, got ${max}`);
  let active = 0;
  let peak = 0;
  const queue: (() => void)[] = [];

  const acquire = (): Promise<void> => {
    if (active < max) {
      active++;
      peak = Math.max(peak, active);
      return Promise.resolve();
    }
    // The slot is handed over directly by release(), so `active` never dips and rises again
    // in between (a late arrival cannot overtake the queue).
    return new Promise((resolve) => queue.push(resolve));
  };
  const release = () => {
    const next = queue.shift();
    if (next) next();
    else active--;
  };

  return {
    max,
    get active() {
      return active;
    },
    get waiting() {
      return queue.length;
    },
    get peak() {
      return peak;
    },
    async run<T>(task: () => Promise<T>): Promise<T> {
      await acquire();
      try {
        return await task();
      } finally {
        release();
      }
    },
  };
}
