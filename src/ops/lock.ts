// The cluster-wide lock: a file on each node saying who runs which procedure since when, created
// atomically (O_EXCL through the shell's noclobber). A second operator is refused with that
// information; a lock whose run is gone can be broken only after a typed confirmation.
import { posix } from 'node:path';
import { sh } from '../transport/quote.js';
import type { RemoteCommand } from '../transport/types.js';
import { LOCK_FILE, type LockHolder } from '../cluster/lock-file.js';

export { LOCK_FILE, parseLock, describeHolder, type LockHolder } from '../cluster/lock-file.js';

/** Creates the lock file, mode 0600 (it names the operator, their machine and pid: no one else's to read). */
export function acquireCommand(holder: LockHolder, file = LOCK_FILE): RemoteCommand {
  const content = JSON.stringify(holder);
  return {
    kind: 'change',
    label: 'take the cluster lock',
    // umask 077: the lock names the operator, the host and the pid; only root reads it.
    text: sh`umask 077 && mkdir -p -- ${posix.dirname(file)} && if ( set -C; printf '%s\n' ${content} > ${file} ) 2>/dev/null; then echo acquired; else echo held; cat -- ${file}; fi`,
  };
}

/**
 * A resumed run takes over the lock its killed first life left (same run id): rewritten with
 * the new process, atomically (a temporary file renamed over it), and only if it is still that
 * run's. Prints taken-over, or changed and what the file holds now.
 */
export function takeOverCommand(holder: LockHolder, file = LOCK_FILE): RemoteCommand {
  const content = JSON.stringify(holder);
  const needle = `"runId":${JSON.stringify(holder.runId)}`;
  const tmp = `${file}.${holder.pid}.tmp`;
  return {
    kind: 'change',
    label: 'take over the cluster lock',
    text: sh`umask 077 && if [ -e ${file} ] && grep -qF -- ${needle} ${file}; then printf '%s\n' ${content} > ${tmp} && mv -f -- ${tmp} ${file} && echo taken-over; else echo changed; cat -- ${file} 2>/dev/null; fi`,
  };
}

/**
 * The lock file's content: nothing, exit 0, when there is no lock file; a failed exit with cat's
 * words when it is there and cannot be read (a folder, no permission): never "free" then.
 */
export function readCommand(file = LOCK_FILE): RemoteCommand {
  return { kind: 'probe', label: 'read the cluster lock', text: sh`if [ -e ${file} ] || [ -L ${file} ]; then cat -- ${file}; fi` };
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
