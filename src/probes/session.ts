// The client side of a node's persistent probe session (session-program.ts): the program is started
// once per connection over a long-lived channel, and each round is one request line and one framed
// answer. What a round keeps from the per-round script (round.ts): the nonce framing, each section's
// time limit and exit status, unknown with a reason, a round that never ends counted as the node
// not answering. What it adds: slow sections (SectionCommand.slow) asked for at their own period,
// their last answer reused in between with its age (NodeFacts.asOf); each section handed over as it
// arrives (onPartial), so a screen can fill as the node answers.
//
// When the session cannot start (no bash 5 on the node, a program that dies at once), rounds go
// through the per-round script instead, and the facts say why (NodeFacts.perRoundReason). The
// session is tried again after FALLBACK_RETRY_MS.
import type { ClusterDefinition } from '../config/schema.js';
import { unknown, type ComponentFactFields, type ComponentKey, type NodeFacts, type NodeId } from '../cluster/facts.js';
import type { Stream, StreamEvents } from '../transport/stream.js';
import { TransportError, type CommandRunner, type RemoteCommand } from '../transport/types.js';
import { firstLine, truncate } from '../format/text.js';
import { errorMessage } from '../format/error-message.js';
import { newNonce, probeNode, roundTimeoutMs, type ProbeOptions } from './round.js';
import { factsFromSections } from './node-facts.js';
import { planRound } from './round-plan.js';
import { splitSections, type Section } from './sections.js';
import { SESSION_PROTOCOL, sessionCommand } from './session-program.js';

/** What a node's connection offers the session: exec for the fallback, openStream for the session. */
export interface StreamRunner extends CommandRunner {
  openStream(cmd: RemoteCommand, on: StreamEvents, opts: { timeoutMs: number }): Promise<Stream>;
}

export interface ProbeSessionOptions {
  /** How often slow sections are asked for (ms). */
  slowPeriodMs: number;
  /** The program ends after this long without a request (s): nothing stays on a node left alone. */
  idleSeconds: number;
  now?: () => number;
  /** Never start the program: every round through the per-round script, for this reason. */
  off?: string;
}

export interface SessionRoundOptions extends ProbeOptions {
  /** The facts known so far, each time a section arrives (components not answered yet: unknown, waiting). */
  onPartial?: (facts: NodeFacts) => void;
}

/** Default period of the slow sections. */
export const SLOW_PERIOD_MS = 30_000;
/** Once the session could not start, rounds go per-round for this long before it is tried again. */
export const FALLBACK_RETRY_MS = 5 * 60_000;
/** A program that dies this many times in a row without finishing a round counts as unable to start. */
const MAX_BROKEN_STARTS = 3;

/** A component of partial facts whose sections have not arrived yet. */
const WAITING = unknown('waiting for the node to answer');

interface Pending {
  nonce: string;
  output: string;
  resolve: () => void;
  reject: (e: Error) => void;
  onData: () => void;
}

export class ProbeSession {
  #stream: Stream | null = null;
  #starting: Promise<void> | null = null;
  #ready: { resolve: () => void; reject: (e: Error) => void } | null = null;
  #pending: Pending | null = null;
  #preamble = '';
  #stderr = '';
  #fallback: { reason: string; until: number } | null = null;
  #brokenStarts = 0;
  #closed = false;
  /** Counts programs started: output or a close from an older one is ignored. */
  #generation = 0;
  /** The last complete answer of each slow section, and when it came. */
  readonly #slow = new Map<string, { section: Section; atMs: number }>();
  readonly #now: () => number;

  constructor(
    private readonly runner: StreamRunner,
    private readonly def: ClusterDefinition,
    readonly node: NodeId,
    private readonly opts: ProbeSessionOptions,
  ) {
    this.#now = opts.now ?? Date.now;
  }

  /** Why rounds go through the per-round script, or null while the session serves them. */
  get fallbackReason(): string | null {
    return this.opts.off ?? this.#fallback?.reason ?? null;
  }

  /** True while the program runs on the node. */
  get running(): boolean {
    return this.#stream?.open === true;
  }

  async round(opts: SessionRoundOptions = {}): Promise<NodeFacts> {
    if (this.#closed) throw new TransportError(`${this.runner.name}: the probe session is closed`, 'not-connected', false);
    if (this.opts.off) return this.#perRound(opts, this.opts.off);
    if (this.#fallback && this.#now() < this.#fallback.until) return this.#perRound(opts, this.#fallback.reason);
    try {
      await this.#start();
    } catch (e) {
      if (e instanceof TransportError && e.code !== 'channel') throw e; // the node cannot be reached at all
      const reason = `the probe session could not start: ${errorMessage(e)}`;
      this.#fallback = { reason, until: this.#now() + FALLBACK_RETRY_MS };
      return this.#perRound(opts, reason);
    }
    return this.#sessionRound(opts);
  }

  /** Ends the program on the node (its stdin closes: it removes its directory and ends psql). */
  close(): void {
    this.#closed = true;
    this.#stream?.close();
    this.#stream = null;
  }

  // ---- starting the program ---------------------------------------------------------------------

  #start(): Promise<void> {
    if (this.#stream?.open) return Promise.resolve();
    this.#starting ??= this.#open().finally(() => {
      this.#starting = null;
    });
    return this.#starting;
  }

  async #open(): Promise<void> {
    this.#preamble = '';
    this.#stderr = '';
    const timeoutMs = roundTimeoutMs(this.def);
    const cmd = sessionCommand(this.def, this.node, { idleSeconds: this.opts.idleSeconds });
    const ready = new Promise<void>((resolve, reject) => (this.#ready = { resolve, reject }));
    ready.catch(() => {}); // awaited below; a late rejection has nobody left to tell
    const generation = ++this.#generation;
    const current = () => generation === this.#generation;
    let stream: Stream;
    try {
      stream = await this.runner.openStream(
        cmd,
        {
          stdout: (s) => {
            if (current()) this.#onStdout(s);
          },
          stderr: (s) => {
            if (current()) this.#stderr = (this.#stderr + s).slice(-4096);
          },
          closed: (reason) => {
            if (current()) this.#onClosed(reason);
          },
        },
        { timeoutMs },
      );
    } catch (e) {
      this.#ready = null;
      throw e;
    }
    this.#stream = stream;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        ready,
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new TransportError(`the program did not start within ${timeoutMs} ms`, 'channel', true)),
            timeoutMs,
          );
        }),
      ]);
    } catch (e) {
      stream.close();
      this.#stream = null;
      throw e;
    } finally {
      clearTimeout(timer);
      this.#ready = null;
    }
  }

  #onStdout(chunk: string): void {
    const p = this.#pending;
    if (p) {
      p.output += chunk;
      p.onData();
      return;
    }
    if (!this.#ready) return; // between rounds the program says nothing; anything else is ignored
    this.#preamble += chunk;
    const m = /^@@hapilot:(ready:(\d+)|unsupported:([^\n]*))@@$/m.exec(this.#preamble);
    if (!m) {
      if (this.#preamble.length > 4096) this.#ready.reject(new TransportError('the program said something unexpected', 'channel', true));
      return;
    }
    if (m[3] !== undefined) this.#ready.reject(new TransportError(m[3].replace(/@@$/, ''), 'channel', true));
    else if (Number(m[2]) !== SESSION_PROTOCOL)
      this.#ready.reject(new TransportError(`protocol ${m[2]}, expected ${SESSION_PROTOCOL}`, 'channel', true));
    else this.#ready.resolve();
  }

  #onClosed(reason: string): void {
    this.#stream = null;
    const said = truncate(firstLine(this.#stderr), 200);
    const why = said ? `${reason}: ${said}` : reason;
    this.#ready?.reject(new TransportError(why, 'channel', true));
    if (this.#pending) {
      this.#brokenStarts++;
      if (this.#brokenStarts >= MAX_BROKEN_STARTS)
        this.#fallback = { reason: `the probe session keeps ending (${why})`, until: this.#now() + FALLBACK_RETRY_MS };
      this.#pending.reject(
        new TransportError(`${this.runner.name}: the probe session ended during the round (${why})`, 'connection-lost', true),
      );
    }
  }

  // ---- rounds -----------------------------------------------------------------------------------

  async #perRound(opts: SessionRoundOptions, reason: string): Promise<NodeFacts> {
    const facts = await probeNode(this.runner, this.def, this.node, this.runner.name, opts);
    return { ...facts, perRoundReason: reason };
  }

  async #sessionRound(opts: SessionRoundOptions): Promise<NodeFacts> {
    const stream = this.#stream;
    if (!stream) throw new TransportError(`${this.runner.name}: the probe session is not running`, 'not-connected', false);
    const nonce = opts.nonce ?? newNonce();
    const sentAtMs = this.#now();
    const plan = planRound(this.def);
    const all = [plan.host, ...plan.others].flatMap((p) => p.sections);
    const due = all.filter((s) => !s.slow || this.#slowDue(s.name, sentAtMs)).map((s) => s.name);
    const doneLine = `@@hapilot:${nonce}:done@@`;
    let seenSections = 0;
    const timeoutMs = roundTimeoutMs(this.def);

    const output = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending = null;
        // A program that does not finish its round is stuck (a read on a hung file system) or
        // cut off: a new one is started next round, and nothing more is heard from this one.
        this.#generation++;
        this.#stream = null;
        stream.close();
        reject(new TransportError(`${this.runner.name}: "probe round" timed out after ${timeoutMs} ms`, 'timeout', true));
      }, timeoutMs);
      const pending: Pending = {
        nonce,
        output: '',
        resolve: () => {
          clearTimeout(timer);
          this.#pending = null;
          resolve(pending.output);
        },
        reject: (e) => {
          clearTimeout(timer);
          this.#pending = null;
          reject(e);
        },
        onData: () => {
          // Every chunk counts, the "alive" lines too: the node is answering, if slowly.
          opts.onAnswer?.();
          if (pending.output.includes(doneLine)) return pending.resolve();
          if (opts.onPartial) {
            const sections = splitSections(pending.output, nonce);
            const complete = [...sections.values()].filter((s) => s.complete).length;
            // host first: it is always present in NodeFacts.
            if (complete > seenSections && sections.get(plan.host.sections[0]!.name)?.complete) {
              seenSections = complete;
              opts.onPartial(this.#facts(sections, due, sentAtMs, this.#now(), true));
            }
          }
        },
      };
      this.#pending = pending;
      if (!stream.write(`round ${nonce} ${due.join(' ')}\n`))
        pending.reject(new TransportError(`${this.runner.name}: the probe session is not running`, 'not-connected', false));
    });
    this.#brokenStarts = 0;
    const receivedAtMs = this.#now();
    const sections = splitSections(output, nonce);
    for (const name of due) {
      const s = sections.get(name);
      if (s?.complete && all.find((c) => c.name === name)?.slow) this.#slow.set(name, { section: s, atMs: receivedAtMs });
    }
    return this.#facts(sections, due, sentAtMs, receivedAtMs, false);
  }

  #slowDue(name: string, now: number): boolean {
    const last = this.#slow.get(name);
    return !last || now - last.atMs >= this.opts.slowPeriodMs;
  }

  /**
   * The facts from this round's sections, with the slow sections not asked for this round taken
   * from their last answer (their components get asOf). `partial`: only components whose every
   * section has arrived.
   */
  #facts(fresh: ReadonlyMap<string, Section>, due: string[], sentAtMs: number, receivedAtMs: number, partial: boolean): NodeFacts {
    const sections = new Map(fresh);
    const olderAt = new Map<string, number>();
    for (const [name, { section, atMs }] of this.#slow) {
      if (due.includes(name) && !partial) continue;
      if (sections.get(name)?.complete) continue;
      sections.set(name, section);
      olderAt.set(name, atMs);
    }
    const facts = factsFromSections(sections, this.def, this.node, this.runner.name, { sentAtMs, receivedAtMs });
    const plan = planRound(this.def);
    const asOf: Partial<Record<ComponentKey, string>> = {};
    for (const p of [plan.host, ...plan.others]) {
      const times = p.sections.flatMap((s) => (olderAt.has(s.name) ? [olderAt.get(s.name)!] : []));
      if (times.length > 0) asOf[p.facts] = new Date(Math.min(...times)).toISOString();
      if (partial && p.facts !== 'host' && !p.sections.every((s) => sections.get(s.name)?.complete)) {
        const fields: ComponentFactFields = facts;
        fields[p.facts] = WAITING;
      }
    }
    return Object.keys(asOf).length > 0 ? { ...facts, asOf } : facts;
  }
}
