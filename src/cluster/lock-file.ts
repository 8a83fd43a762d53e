// The cluster lock as it lies on a node: a small JSON file hapilot's procedures create and remove
// (src/ops/lock.ts) and every probe round reads, so the console shows who holds it.

export const LOCK_FILE = '/var/lib/hapilot/lock';

export interface LockHolder {
  runId: string;
  procedure: string;
  operator: string;
  /** The machine the operator runs hapilot on, and its process. */
  from: string;
  pid: number;
  since: string;
}

/** The file's content as a holder; null when it is not a lock hapilot wrote. */
export function parseLock(text: string): LockHolder | null {
  try {
    const v = JSON.parse(text.trim()) as Partial<LockHolder>;
    if (typeof v.runId === 'string' && typeof v.procedure === 'string' && typeof v.operator === 'string' && typeof v.since === 'string') {
      return {
        runId: v.runId,
        procedure: v.procedure,
        operator: v.operator,
        from: String(v.from ?? '?'),
        pid: Number(v.pid ?? 0),
        since: v.since,
      };
    }
  } catch {
    /* not JSON: not a lock we wrote */
  }
  return null;
}

export function describeHolder(h: LockHolder): string {
  return `${h.operator} on ${h.from} (pid ${h.pid}) runs ${h.procedure} since ${h.since} (run ${h.runId})`;
}
