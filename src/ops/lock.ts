// The cluster-wide lock: a file on each node saying who runs which procedure since when, created
// atomically (O_EXCL through the shell's noclobber). A second operator is refused with that
// information; a lock whose run is gone can be broken only after a typed confirmation.
import { posix } from 'node:path';
import { sh } from '../transport/quote.js';
import type { RemoteCommand } from '../transport/types.js';

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

export function acquireCommand(holder: LockHolder, file = LOCK_FILE): RemoteCommand {
  const content = JSON.stringify(holder);
  return {
    kind: 'change',
    label: 'take the cluster lock',
    text: sh`mkdir -p -- ${posix.dirname(file)} && if ( set -C; printf '%s\n' ${content} > ${file} ) 2>/dev/null; then echo acquired; else echo held; cat -- ${file}; fi`,
  };
}

export function readCommand(file = LOCK_FILE): RemoteCommand {
  return { kind: 'probe', label: 'read the cluster lock', text: sh`cat -- ${file} 2>/dev/null || true` };
}

/** Removes the lock only if it is this run's: never someone else's. */
export function releaseCommand(runId: string, file = LOCK_FILE): RemoteCommand {
  const needle = `"runId":${JSON.stringify(runId)}`;
  return {
    kind: 'change',
    label: 'release the cluster lock',
    text: sh`if [ -e ${file} ] && grep -qF -- ${needle} ${file}; then rm -f -- ${file} && echo released; else echo not-ours; fi`,
  };
}

/** Removes a stale lock, but only the one the operator saw (its run id), not a newer one. */
export function breakCommand(runId: string, file = LOCK_FILE): RemoteCommand {
  const needle = `"runId":${JSON.stringify(runId)}`;
  return {
    kind: 'change',
    label: 'break a stale cluster lock',
    text: sh`if [ -e ${file} ] && grep -qF -- ${needle} ${file}; then rm -f -- ${file} && echo broken; else echo changed; fi`,
  };
}


/** Parses the file's content (also as read by the lock probe); null when it is not a lock. */
export function parseLock(text: string): LockHolder | null {
  try {
    const v = JSON.parse(text.trim()) as Partial<LockHolder>;
    if (typeof v.runId === 'string' && typeof v.procedure === 'string' && typeof v.operator === 'string' && typeof v.since === 'string') {
      return { runId: v.runId, procedure: v.procedure, operator: v.operator, from: String(v.from ?? '?'), pid: Number(v.pid ?? 0), since: v.since };
    }
  } catch {
    /* not JSON: not a lock we wrote */
  }
  return null;
}

export function describeHolder(h: LockHolder): string {
  return `${h.operator} on ${h.from} (pid ${h.pid}) runs ${h.procedure} since ${h.since} (run ${h.runId})`;
}
