// One persistent SSH connection to one node (ssh2), shared by every command sent to it.
// What it guarantees to the layers above:
//  - the node is who known_hosts says it is, or nothing is sent (host-key-policy.ts);
//  - a read-only session never sends a 'change' command;
//  - every command ends: with its exit status, or a TransportError that says whether it may
//    have run (timeout, connection lost) or surely did not (read-only, not connected, channel);
//  - at most 8 channels in flight, under sshd's MaxSessions (10);
//  - a dropped connection is noticed (keepalive) and reopened with backoff, on a fresh Client.
import type { Client as SshClient, ClientChannel } from 'ssh2';
import type { NodeId } from '../cluster/facts.js';
import { AuthSetupError } from './auth.js';
import { closeChannel, wireChannel } from './channel-io.js';
import { wireStream, type Stream, type StreamEvents } from './stream.js';
import { shellQuote } from './quote.js';
import type { CommandLog } from './command-log.js';
import type { AskUnknownHostKey } from './host-key-policy.js';
import { createLimiter, type Limiter } from './limiter.js';
import { KILL_AFTER_SECONDS, wrapCommand } from './remote-command.js';
import { SshConfigError, type ResolvedTarget } from './ssh-config.js';
import { endClient, lastError, LoginRefused, openChain, type LoginOptions } from './ssh-client.js';
import {
  TransportError,
  type CommandRunner,
  type ConnectionState,
  type ExecOptions,
  type ExecResult,
  type RemoteCommand,
} from './types.js';
import { errorMessage } from '../format/error-message.js';

export interface NodeConnectionOptions {
  /** Refuse every command that is not a probe, before anything is sent. */
  readOnly: boolean;
  /** Run commands through `sudo -n` (a login that is not root). */
  sudo: boolean;
  connectTimeoutMs: number;
  /** ssh keepalive; three unanswered in a row and the connection counts as lost. */
  keepaliveIntervalMs: number;
  /** Asks the operator about a host key seen for the first time; null: refuse such keys. */
  askUnknownHostKey: AskUnknownHostKey | null;
  commandLog: CommandLog;
  /** known_hosts files searched besides the ones ssh_config names (the cluster's ssh.known_hosts). */
  extraKnownHostsFiles?: string[];
  /** Channels in flight at most (default 8). */
  maxChannels?: number;
  /** Where SSH_AUTH_SOCK is read (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Delay before reconnect attempt n (1, 2, 3...) in ms (default backoffMs). */
  backoff?: (failures: number) => number;
}

/** A resolved target, or a way to resolve it at each connect (so ssh_config edits take effect). */
export type TargetSource = ResolvedTarget | (() => Promise<ResolvedTarget>);

/** 1 s, 2 s, 4 s ... at most 30 s. */
export function backoffMs(failures: number): number {
  return Math.min(30_000, 1000 * 2 ** Math.max(0, failures - 1));
}

// The node's own time limit runs this much longer than the client's, so that the client's
// verdict (TransportError 'timeout') is the one reported, and the node still kills the command
// shortly after the client has given up on it.
const NODE_GRACE_MS = 500;
// sshd keeps a session's slot (MaxSessions) while its process lives, even after the channel is
// closed, and OpenSSH 9.2 refuses signal requests ("session signalling requires privilege
// separation"). So a timed-out command keeps its place in the limiter until the node-side limit
// has surely ended it (TERM, then KILL after KILL_AFTER_SECONDS), or the connection is gone.
const TIMED_OUT_SLOT_HOLD_MS = NODE_GRACE_MS + KILL_AFTER_SECONDS * 1000 + 500;
// sshd frees a channel slot slightly after the client sees `close`; an open refused in that
// window succeeds a moment later (retries stop at the command's deadline).
const OPEN_RETRIES = 6;
/** What one command may write on each of stdout and stderr (a probe round prints some KiB). */
export const MAX_OUTPUT_BYTES = 8 * 1024 * 1024;
const OPEN_RETRY_BASE_MS = 50;

/** A command on its way: its result for the caller, and when its channel slot is free again. */
interface RunningCommand {
  result: Promise<ExecResult>;
  slotFree: Promise<void>;
}

export class NodeConnection implements CommandRunner {
  readonly limiter: Limiter;
  #state: ConnectionState = { state: 'idle' };
  readonly #listeners = new Set<(s: ConnectionState) => void>();
  #client: SshClient | null = null;
  #hops: SshClient[] = [];
  #connecting: Promise<void> | null = null;
  #failures = 0;
  #nextAttemptAt = 0;
  #closed = false;
  /** Fails each command in flight (on connection loss or close). */
  readonly #inflight = new Set<(err: TransportError) => void>();
  /** Gives back the channel slots still held by timed-out commands (their sessions die with the connection). */
  readonly #heldSlots = new Set<() => void>();

  constructor(
    private readonly source: TargetSource,
    readonly node: NodeId,
    readonly name: string,
    private readonly opts: NodeConnectionOptions,
  ) {
    this.limiter = createLimiter(opts.maxChannels ?? 8);
  }

  get state(): ConnectionState {
    return this.#state;
  }

  /** Called on every state change; returns the unsubscribe function. */
  onState(listener: (s: ConnectionState) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Opens the connection (no-op when connected; joins an attempt under way). Rejects with a
   * TransportError: 'refused' (host key, login, configuration: no automatic retry) or
   * 'not-connected' (network: retried with backoff by the next exec after nextAttemptAt).
   * After 'refused' only an explicit connect() tries again (say, once the operator has fixed
   * known_hosts); exec() keeps failing fast with the reason.
   */
  connect(): Promise<void> {
    if (this.#closed) return Promise.reject(this.#closedError());
    if (this.#client) return Promise.resolve();
    this.#connecting ??= this.#attempt().finally(() => {
      this.#connecting = null;
    });
    return this.#connecting;
  }

  async exec(cmd: RemoteCommand, opts: ExecOptions): Promise<ExecResult> {
    const started = Date.now();
    const id = this.opts.commandLog.start({ node: this.node, nodeName: this.name, cmd, startedAt: new Date(started) });
    try {
      const result = await this.#exec(cmd, opts, started);
      this.opts.commandLog.finish(id, { durationMs: result.durationMs, exitCode: result.exitCode });
      return result;
    } catch (e) {
      this.opts.commandLog.finish(id, { durationMs: Date.now() - started, error: errorMessage(e) });
      throw e;
    }
  }

  /**
   * Starts a long-lived program on the node (stream.ts): no time limit, one channel slot held
   * until it closes, closed when the connection is lost. A read-only connection opens probes only.
   * Resolves once the channel is open; rejects with a TransportError like exec() when it cannot be.
   */
  async openStream(cmd: RemoteCommand, on: StreamEvents, opts: { timeoutMs: number }): Promise<Stream> {
    if (this.opts.readOnly && cmd.kind !== 'probe') {
      throw new TransportError(
        `${this.name}: refused "${cmd.label}": this session is read-only and the command is a ${cmd.kind}; nothing was sent`,
        'read-only',
        false,
      );
    }
    const started = Date.now();
    const deadline = started + opts.timeoutMs;
    await this.#ready(deadline, opts.timeoutMs);
    const id = this.opts.commandLog.start({ node: this.node, nodeName: this.name, cmd, startedAt: new Date(started) });
    let opened!: (s: Stream) => void;
    let failed!: (e: TransportError) => void;
    const result = new Promise<Stream>((res, rej) => {
      opened = res;
      failed = rej;
    });
    let slotHeld = false;
    let gaveUp = false;
    void this.limiter.run(
      () =>
        new Promise<void>((release) => {
          if (gaveUp) return release(); // its caller has been told already
          slotHeld = true;
          const client = this.#client;
          if (!client || Date.now() >= deadline) {
            release();
            this.opts.commandLog.finish(id, { durationMs: Date.now() - started, error: 'not connected' });
            return failed(new TransportError(`${this.name}: not connected (${this.#reason()})`, 'not-connected', false));
          }
          const text = this.opts.sudo ? `sudo -n sh -c ${shellQuote(cmd.text)}` : cmd.text;
          let stream: Stream | null = null;
          let lostReason: string | null = null;
          const drop = (err: TransportError) => {
            lostReason = err.message;
            stream?.close();
          };
          // A connection that died without a word yet never answers the channel request.
          let answered = false;
          const noAnswer = setTimeout(
            () => {
              if (answered) return;
              answered = true;
              release();
              this.opts.commandLog.finish(id, { durationMs: Date.now() - started, error: 'the channel did not open' });
              failed(new TransportError(`${this.name}: timed out after ${opts.timeoutMs} ms opening "${cmd.label}"`, 'timeout', false));
            },
            Math.max(0, deadline - Date.now()),
          );
          try {
            client.exec(text, (err, ch) => {
              clearTimeout(noAnswer);
              if (answered) {
                if (!err) closeChannel(ch);
                return;
              }
              answered = true;
              if (err) {
                release();
                this.opts.commandLog.finish(id, { durationMs: Date.now() - started, error: err.message });
                return failed(new TransportError(`${this.name}: could not start "${cmd.label}": ${err.message}`, 'channel', false));
              }
              stream = wireStream(ch, {
                stdout: on.stdout,
                stderr: on.stderr,
                closed: (reason) => {
                  this.#inflight.delete(drop);
                  release();
                  this.opts.commandLog.finish(id, { durationMs: Date.now() - started, error: lostReason ?? reason });
                  on.closed(lostReason ?? reason);
                },
              });
              // A lost connection closes the stream with it.
              this.#inflight.add(drop);
              if (cmd.stdin) stream.write(cmd.stdin);
              opened(stream);
            });
          } catch (e) {
            clearTimeout(noAnswer);
            answered = true;
            release();
            this.opts.commandLog.finish(id, { durationMs: Date.now() - started, error: errorMessage(e) });
            failed(new TransportError(`${this.name}: not connected (${errorMessage(e)})`, 'not-connected', false));
          }
        }),
    );
    // Every channel slot taken: the stream waits like a command would, until its deadline.
    const timer = setTimeout(() => {
      if (slotHeld) return;
      gaveUp = true;
      failed(new TransportError(`${this.name}: timed out after ${opts.timeoutMs} ms waiting for a free channel`, 'timeout', false));
    }, opts.timeoutMs);
    try {
      return await result;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Closes the connection for good; commands in flight fail with 'connection-lost'. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const ended = this.#dropClient(`${this.name}: the session was closed while the command ran`);
    this.#setState({ state: 'closed' });
    await ended;
  }

  // ---- commands ---------------------------------------------------------------------------------

  async #exec(cmd: RemoteCommand, opts: ExecOptions, started: number): Promise<ExecResult> {
    // Anything but an explicit probe counts as a change: a typo in `kind` must fail safe.
    if (this.opts.readOnly && cmd.kind !== 'probe') {
      throw new TransportError(
        `${this.name}: refused "${cmd.label}": this session is read-only and the command is a ${cmd.kind}; nothing was sent`,
        'read-only',
        false,
      );
    }
    const deadline = started + opts.timeoutMs;
    await this.#ready(deadline, opts.timeoutMs);
    return this.#whenChannelFree(deadline, opts.timeoutMs, () => this.#run(cmd, opts, started, deadline));
  }

  /**
   * Runs the task when a channel slot is free. The time limit covers the wait too: a command
   * still queued at its deadline fails at once ('timeout', surely not run) instead of waiting for
   * eight slow commands ahead of it; once started, the task's own timer takes over.
   * The caller gets the task's result as soon as it is known; the slot is given back when the
   * task says the node's session is gone (`slotFree`), which for a timed-out command is later.
   */
  #whenChannelFree(deadline: number, timeoutMs: number, task: () => RunningCommand): Promise<ExecResult> {
    return new Promise<ExecResult>((resolve, reject) => {
      let state: 'queued' | 'started' | 'abandoned' = 'queued';
      const timer = setTimeout(
        () => {
          if (state !== 'queued') return;
          state = 'abandoned';
          reject(new TransportError(`${this.name}: timed out after ${timeoutMs} ms waiting for a free channel`, 'timeout', false));
        },
        Math.max(0, deadline - Date.now()),
      );
      void this.limiter.run(async () => {
        if (state === 'abandoned') return; // its caller has been told already; give the slot back
        state = 'started';
        clearTimeout(timer);
        const { result, slotFree } = task();
        result.then(resolve, reject);
        await slotFree;
      });
    });
  }

  /**
   * Makes sure there is a connection. The first connect is waited for. Once a connection was lost
   * (or a connect failed), commands fail fast with the reason while reconnects run in the
   * background after each backoff: a round on two nodes must not wait a connect timeout for the
   * one that is down, and a dashboard must not freeze on it.
   */
  async #ready(deadline: number, timeoutMs: number): Promise<void> {
    if (this.#client) return;
    if (this.#closed) throw this.#closedError();
    const s = this.#state;
    if (s.state === 'refused')
      throw new TransportError(`${this.name}:${s.reason.includes('\n') ? '\n' : ' '}${s.reason}`, 'refused', false);
    if (s.state === 'lost') {
      if (Date.now() >= this.#nextAttemptAt) {
        void this.connect().catch(() => {});
        throw new TransportError(`${this.name}: not connected (${s.reason}); reconnecting`, 'not-connected', false);
      }
      throw new TransportError(`${this.name}: not connected (${s.reason}); next attempt at ${s.nextAttemptAt}`, 'not-connected', false);
    }
    if (s.state === 'connecting' && this.#failures > 0) {
      throw new TransportError(`${this.name}: not connected; reconnecting (attempt ${s.attempt})`, 'not-connected', false);
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new TransportError(`${this.name}: timed out after ${timeoutMs} ms waiting for the connection`, 'timeout', false)),
        Math.max(0, deadline - Date.now()),
      );
    });
    try {
      await Promise.race([this.connect(), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  #run(cmd: RemoteCommand, opts: ExecOptions, started: number, deadline: number): RunningCommand {
    let freeSlot!: () => void;
    const slotFree = new Promise<void>((r) => (freeSlot = r));
    const result = new Promise<ExecResult>((resolve, reject) => {
      const client = this.#client;
      // The connection may have gone while this command waited for a channel slot.
      if (!client) {
        freeSlot();
        return reject(new TransportError(`${this.name}: not connected (${this.#reason()})`, 'not-connected', false));
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        freeSlot();
        return reject(
          new TransportError(`${this.name}: timed out after ${opts.timeoutMs} ms waiting for a free channel`, 'timeout', false),
        );
      }

      let channel: ClientChannel | null = null;
      let sent = false;
      let done = false;
      let stdout = '';
      let stderr = '';
      const bytes = { stdout: 0, stderr: 0 };
      let exitCode: number | null = null;
      let signal: string | null = null;
      let timer: NodeJS.Timeout | undefined;

      const finish = (err: TransportError | null) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        this.#inflight.delete(finish);
        if (err?.code === 'timeout' && sent) {
          // The node may still be running it (see TIMED_OUT_SLOT_HOLD_MS); a lost connection
          // frees every slot at once, so this wait is cut short by one.
          const release = () => {
            clearTimeout(hold);
            this.#heldSlots.delete(release);
            freeSlot();
          };
          const hold = setTimeout(release, TIMED_OUT_SLOT_HOLD_MS);
          this.#heldSlots.add(release);
        } else {
          freeSlot();
        }
        if (err) {
          if (channel) closeChannel(channel);
          reject(err);
        } else {
          resolve({ stdout, stderr, exitCode, signal, durationMs: Date.now() - started });
        }
      };
      this.#inflight.add(finish);

      // No SSH "signal" request on timeout: OpenSSH 9.2 refuses them for this kind of session, and
      // ssh2 does not send one once stdin is ended. The node-side `timeout` stops the command.
      timer = setTimeout(() => {
        finish(new TransportError(`${this.name}: "${cmd.label}" timed out after ${opts.timeoutMs} ms`, 'timeout', sent));
      }, remaining);

      const text = wrapCommand(cmd.text, { sudo: this.opts.sudo, timeoutSeconds: (remaining + NODE_GRACE_MS) / 1000 });
      const open = (attempt: number) => {
        if (done) return;
        try {
          client.exec(text, (err, ch) => {
            if (err) {
              if (isOpenFailure(err) && attempt < OPEN_RETRIES && !done) {
                setTimeout(() => open(attempt + 1), OPEN_RETRY_BASE_MS * 2 ** attempt);
                return;
              }
              // The channel never opened (or the exec request was refused): the command did not run.
              return finish(new TransportError(`${this.name}: could not start "${cmd.label}": ${err.message}`, 'channel', false));
            }
            if (done) return closeChannel(ch);
            channel = ch;
            // A node that never stops writing must not fill this process's memory: past the cap
            // the command fails, saying its output was cut (it ran, so it may have done things).
            const overCap = (stream: 'stdout' | 'stderr', s: string) => {
              bytes[stream] += Buffer.byteLength(s);
              if (bytes[stream] <= MAX_OUTPUT_BYTES) return false;
              finish(
                new TransportError(
                  `${this.name}: "${cmd.label}": output cut: more than ${MAX_OUTPUT_BYTES / 1024 / 1024} MiB on ${stream}; the command was stopped and may have done part of its work`,
                  'channel',
                  true,
                ),
              );
              return true;
            };
            wireChannel(ch, cmd.stdin, {
              stdout: (s) => {
                if (done || overCap('stdout', s)) return;
                stdout += s;
                opts.onStdout?.(s);
              },
              stderr: (s) => {
                if (done || overCap('stderr', s)) return;
                stderr += s;
                opts.onStderr?.(s);
              },
              exit: (code, sig) => {
                exitCode = code;
                signal = sig;
              },
              closed: () => finish(null),
              failed: (e) => finish(new TransportError(`${this.name}: "${cmd.label}": channel error: ${e.message}`, 'channel', true)),
            });
          });
          sent = true;
        } catch (e) {
          // ssh2 throws "Not connected" when the socket died a moment ago.
          finish(new TransportError(`${this.name}: not connected (${(e as Error).message})`, 'not-connected', false));
        }
      };
      open(0);
    });
    return { result, slotFree };
  }

  // ---- connecting ------------------------------------------------------------------------------

  async #attempt(): Promise<void> {
    this.#setState({ state: 'connecting', attempt: this.#failures + 1, since: now() });
    let client: SshClient;
    let hops: SshClient[];
    try {
      const target = typeof this.source === 'function' ? await this.source() : this.source;
      ({ client, hops } = await openChain(target, this.#loginOptions()));
    } catch (e) {
      const reason = errorMessage(e);
      if (this.#closed) throw this.#closedError();
      // Not worth retrying on a timer: the host key or the login was refused, or the configuration is wrong.
      if (e instanceof LoginRefused || e instanceof AuthSetupError || e instanceof SshConfigError) {
        const hostKey = e instanceof LoginRefused ? e.hostKey : undefined;
        this.#setState({ state: 'refused', reason, since: now(), ...(hostKey ? { hostKey } : {}) });
        // A multi-line reason (the host key banner) starts on its own line.
        throw new TransportError(`${this.name}:${reason.includes('\n') ? '\n' : ' '}${reason}`, 'refused', false);
      }
      this.#failures++;
      this.#markLost(reason);
      throw new TransportError(`${this.name}: cannot connect: ${reason}`, 'not-connected', false);
    }
    if (this.#closed) {
      for (const c of [client, ...hops]) void endClient(c);
      throw this.#closedError();
    }
    this.#client = client;
    this.#hops = hops;
    this.#failures = 0;
    // Any end of the target or of a jump host in front of it ends this connection.
    for (const c of [client, ...hops]) {
      c.on('close', () =>
        this.#lost(client, lastError(c) ?? (c === client ? 'the node closed the connection' : 'the jump host closed the connection')),
      );
    }
    this.#setState({ state: 'connected', since: now() });
  }

  #loginOptions(): LoginOptions {
    return {
      connectTimeoutMs: this.opts.connectTimeoutMs,
      keepaliveIntervalMs: this.opts.keepaliveIntervalMs,
      askUnknownHostKey: this.opts.askUnknownHostKey,
      extraKnownHostsFiles: this.opts.extraKnownHostsFiles ?? [],
      env: this.opts.env ?? process.env,
    };
  }

  // ---- losing it --------------------------------------------------------------------------------

  #lost(client: SshClient, reason: string): void {
    if (client !== this.#client || this.#closed) return; // an old connection, or closed on purpose
    void this.#dropClient(`${this.name}: connection lost (${reason}) while the command ran; it may or may not have completed`);
    this.#failures = Math.max(this.#failures, 1);
    this.#markLost(reason);
  }

  /** Forgets the current connection: fails what is in flight, frees held slots, ends the clients. */
  #dropClient(inflightMessage: string): Promise<void> {
    const clients = [...(this.#client ? [this.#client] : []), ...this.#hops];
    this.#client = null;
    this.#hops = [];
    for (const fail of [...this.#inflight]) fail(new TransportError(inflightMessage, 'connection-lost', true));
    for (const release of [...this.#heldSlots]) release();
    return Promise.all(clients.map(endClient)).then(() => undefined);
  }

  #markLost(reason: string): void {
    this.#nextAttemptAt = Date.now() + (this.opts.backoff ?? backoffMs)(this.#failures);
    this.#setState({ state: 'lost', reason, since: now(), nextAttemptAt: new Date(this.#nextAttemptAt).toISOString() });
  }

  #setState(s: ConnectionState): void {
    this.#state = s;
    for (const l of this.#listeners) {
      try {
        l(s);
      } catch {
        // a listener's bug must not break the connection
      }
    }
  }

  #reason(): string {
    const s = this.#state;
    return 'reason' in s ? s.reason : s.state;
  }

  #closedError(): TransportError {
    return new TransportError(`${this.name}: the session is closed`, 'not-connected', false);
  }
}

/** Opens both nodes' connections at once; one failing does not hold up or stop the other. */
export function connectAll(conns: readonly NodeConnection[]): Promise<PromiseSettledResult<void>[]> {
  return Promise.allSettled(conns.map((c) => c.connect()));
}

function isOpenFailure(e: Error): boolean {
  return /open fail/i.test(e.message);
}

const now = () => new Date().toISOString();
