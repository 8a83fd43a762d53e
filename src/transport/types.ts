// The transport's contract with the layers above it (probes, ops, screens via the monitor).
// Commands carry their kind: a session opened read-only refuses every 'change' command before
// anything is sent, so the wallboard cannot change a node even through a bug above it.
import type { NodeId } from '../cluster/facts.js';
import type { RefusedHostKey } from './host-key-policy.js';

export type CommandKind = 'probe' | 'change';

export interface RemoteCommand {
  kind: CommandKind;
  /**
   * Shell text, run on the node by `sh -c` (POSIX sh: dash on Debian, so no bashisms; send a bash
   * script as `bash -s` with the script on stdin) inside the transport's time-limit wrapper
   * (remote-command.ts). Every interpolated value must be quoted (see quote.ts).
   */
  text: string;
  /** Short human label for the command log: "probe round", "promote standby". */
  label: string;
  /** Fed to the command's stdin (a probe script is sent this way: `bash -s`). */
  stdin?: string;
}

export interface ExecOptions {
  /** Hard limit for the whole command; the node-side process is killed too. */
  timeoutMs: number;
  /** Called with output as it arrives (for live step output in the wizard). */
  onStdout?: (chunk: string) => void;
  onStderr?: (chunk: string) => void;
}

export interface ExecResult {
  stdout: string;
  stderr: string;
  /** null when the command was killed by a signal or the channel closed without a status. */
  exitCode: number | null;
  signal: string | null;
  durationMs: number;
}

/** What every runner of remote commands offers: a NodeConnection, or a test double that records. */
export interface CommandRunner {
  readonly node: NodeId;
  readonly name: string;
  exec(cmd: RemoteCommand, opts: ExecOptions): Promise<ExecResult>;
}

export type ConnectionState =
  | { state: 'idle' }
  | { state: 'connecting'; attempt: number; since: string }
  | { state: 'connected'; since: string }
  /** Dropped or failed; reconnect is attempted with backoff from nextAttemptAt. */
  | { state: 'lost'; reason: string; since: string; nextAttemptAt: string }
  /**
   * Refused for a reason retrying on a timer does not fix by itself (host key changed or unknown,
   * login refused, configuration). `hostKey` says why when it was the node's host key.
   */
  | { state: 'refused'; reason: string; since: string; hostKey?: RefusedHostKey }
  | { state: 'closed' };

export interface CommandLogEntry {
  id: number;
  node: NodeId;
  nodeName: string;
  kind: CommandKind;
  label: string;
  /** The command text as sent (a probe script is summarised by its first line). */
  command: string;
  startedAt: string;
  /** Filled when the command ends. */
  durationMs?: number;
  exitCode?: number | null;
  /** Transport failure instead of an exit status: "timed out after 5000 ms", "connection lost". */
  error?: string;
}

/** Why a command did not run or did not finish, as opposed to running and failing. */
export class TransportError extends Error {
  constructor(
    message: string,
    readonly code: 'not-connected' | 'timeout' | 'connection-lost' | 'channel' | 'refused' | 'read-only',
    /** True when the command may have started on the node, so its outcome is unknown. */
    readonly mayHaveRun: boolean,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}
