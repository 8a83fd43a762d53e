// The journal: one append-only JSON-lines file per run, each entry written and fsync'd before the
// engine goes on, so after a crash the file says exactly how far the run got. Nothing is ever
// rewritten. `hapilot journal` lists and shows runs; resume reads them back.
import { closeSync, existsSync, fstatSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

export type StepStatus = 'pending' | 'running' | 'done' | 'failed' | 'skipped' | 'unknown';
export type RunOutcome = 'succeeded' | 'failed' | 'incomplete';

export interface PlannedStepRecord {
  stepId: string;
  kind: string;
  title: string;
  /** Node names the step acts on (empty for check/wait/manual/local). */
  nodes: string[];
  /** Exact commands, resolved against the roles, one per node; "(resolved when it runs)" if it uses a captured value. */
  commands: string[];
  changes: boolean;
  destructive: boolean;
  /** Why it may be skipped: "only when the cluster has repmgr". */
  condition?: string;
  rollback?: { title: string; commands: string[]; destructive: boolean };
}

export type JournalEntry =
  | {
      type: 'run-start';
      runId: string;
      cluster: string;
      clusterFile: string;
      procedure: string;
      title: string;
      definitionHash: string;
      operator: { user: string; host: string; pid: number };
      mode: 'interactive' | 'scripted';
      /** Node names given with --confirm in scripted use. */
      confirmations: string[];
      /** How often the operator chose to be asked (absent in journals written before phases). */
      gates?: 'step' | 'phase';
      roles: { primary: string; standby: string; basis: string; primaryId: 'a' | 'b'; standbyId: 'a' | 'b' };
      plan: PlannedStepRecord[];
      resumedFrom?: string;
    }
  | { type: 'preflight'; ok: boolean; results: { label: string; ok: boolean; detail: string }[] }
  | {
      type: 'lock';
      /** taken-over: a resumed run found the lock its killed first life left, and made it its own. */
      action: 'acquired' | 'taken-over' | 'released' | 'refused' | 'broken' | 'release-failed';
      nodes: string[];
      detail: string;
    }
  | {
      type: 'automation';
      /** adopted: paused by a run that is gone, and now this run's to restore. */
      action: 'paused' | 'adopted' | 'resumed' | 'started' | 'failed';
      name: string;
      node: string;
      detail: string;
    }
  | { type: 'step-start'; stepId: string; attempt: number; node?: string; command?: string; rollback?: boolean }
  | {
      type: 'step-end';
      stepId: string;
      status: StepStatus;
      node?: string;
      exitCode?: number | null;
      durationMs?: number;
      outputTail?: string;
      error?: string;
      detail?: string;
      rollback?: boolean;
    }
  | { type: 'var'; name: string; value: string; stepId: string }
  | {
      type: 'decision';
      stepId?: string;
      question: string;
      answer: string;
      by: 'operator' | 'script';
      /** The phase gate ("phase:ID") whose yes answered this step's gate. */
      coveredBy?: string;
    }
  /** The cluster as an incomplete run left it: its resume is refused if this changed since. */
  | { type: 'observed'; facts: Record<string, string> }
  | { type: 'run-end'; outcome: RunOutcome; rolledBack: boolean; message: string };

export type StampedEntry = JournalEntry & { t: string };

/** Where runs are kept: $HAPILOT_JOURNAL_DIR, else ~/.local/state/hapilot/journal. */
export function journalDir(): string {
  return (
    process.env.HAPILOT_JOURNAL_DIR ??
    path.join(process.env.XDG_STATE_HOME ?? path.join(homedir(), '.local', 'state'), 'hapilot', 'journal')
  );
}

/** How the writer writes: fs.writeSync, or a stand-in in tests (a disk that writes little at a time). */
export type WriteFn = (fd: number, buffer: Uint8Array, offset: number, length: number) => number;

export class JournalError extends Error {
  override name = 'JournalError';
}

export class JournalWriter {
  private fd: number;

  constructor(
    readonly file: string,
    private readonly write: WriteFn = (fd, b, o, l) => writeSync(fd, b, o, l),
  ) {
    const dir = path.dirname(file);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.fd = openSync(file, 'a+', 0o600);
    // The new file's directory entry must be durable too, or a crash can lose the whole file.
    const dfd = openSync(dir, 'r');
    try {
      fsyncSync(dfd);
    } finally {
      closeSync(dfd);
    }
    // A resumed run appends to the journal of its killed first life, which may end in the half
    // line it was writing: end that line first, or the next entry would be glued to it and both
    // lost (readRun skips the torn one, with a note).
    if (!this.endsWithNewline()) this.writeAll(Buffer.from('\n'));
  }

  append(entry: JournalEntry): StampedEntry {
    const stamped = { t: new Date().toISOString(), ...entry } as StampedEntry;
    this.writeAll(Buffer.from(`${JSON.stringify(stamped)}\n`));
    fsyncSync(this.fd);
    return stamped;
  }

  close(): void {
    closeSync(this.fd);
  }

  private endsWithNewline(): boolean {
    const size = fstatSync(this.fd).size;
    if (size === 0) return true;
    const last = Buffer.alloc(1);
    readSync(this.fd, last, 0, 1, size - 1);
    return last[0] === 0x0a;
  }

  /** A write may be short (a full disk, a signal): go on until all is written, or say why not. */
  private writeAll(buf: Buffer): void {
    let off = 0;
    while (off < buf.length) {
      const n = this.write(this.fd, buf, off, buf.length - off);
      if (n <= 0) throw new JournalError(`${this.file}: the journal could not be written (${off} of ${buf.length} bytes)`);
      off += n;
    }
  }
}

export function runFile(dir: string, cluster: string, runId: string): string {
  return path.join(dir, safe(cluster), `${runId}.jsonl`);
}

function safe(s: string): string {
  return s.replace(/[^A-Za-z0-9_.-]/g, '_');
}

/** A line of a journal that could not be read back, kept to be said, never to stop a reader. */
export interface DamagedLine {
  line: number;
  /** Its first characters. */
  text: string;
}

/**
 * Entries of one run, and the lines that are not entries: a line torn when the process died
 * mid-write, or damaged since. Those are skipped and listed, never thrown: `journal`, `--resume`
 * and every `run` (which looks for unfinished runs) must go on reading what is intact.
 */
export function readJournal(file: string): { entries: StampedEntry[]; damaged: DamagedLine[] } {
  const lines = readFileSync(file, 'utf8').split('\n');
  const entries: StampedEntry[] = [];
  const damaged: DamagedLine[] = [];
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      v = undefined;
    }
    if (isEntry(v)) entries.push(v);
    else damaged.push({ line: i + 1, text: line.slice(0, 80) });
  });
  return { entries, damaged };
}

/** Entries of one run; damaged lines skipped (readJournal says which). */
export function readRun(file: string): StampedEntry[] {
  return readJournal(file).entries;
}

function isEntry(v: unknown): v is StampedEntry {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as { type?: unknown }).type === 'string' &&
    typeof (v as { t?: unknown }).t === 'string'
  );
}

export interface RunSummary {
  runId: string;
  file: string;
  cluster: string;
  procedure: string;
  startedAt: string;
  endedAt: string | null;
  outcome: RunOutcome | 'unfinished';
  operator: string;
  steps: { done: number; total: number };
}

export function summarize(file: string, entries: StampedEntry[]): RunSummary | null {
  const start = entries.find((e) => e.type === 'run-start');
  if (start?.type !== 'run-start') return null;
  // Only a run-end as the last entry ends the run: a resumed run appends after its earlier end.
  const last = entries.at(-1);
  const end = last?.type === 'run-end' ? last : undefined;
  const done = new Set(
    entries
      .filter((e) => e.type === 'step-end' && !e.rollback && (e.status === 'done' || e.status === 'skipped'))
      .map((e) => (e as { stepId: string }).stepId),
  );
  return {
    runId: start.runId,
    file,
    cluster: start.cluster,
    procedure: start.procedure,
    startedAt: start.t,
    endedAt: end?.t ?? null,
    outcome: end ? end.outcome : 'unfinished',
    operator: `${start.operator.user}@${start.operator.host}`,
    steps: { done: done.size, total: start.plan.length },
  };
}

/** All runs, newest first, optionally of one cluster. */
export function listRuns(dir = journalDir(), cluster?: string): RunSummary[] {
  if (!existsSync(dir)) return [];
  const clusters = cluster ? [safe(cluster)] : readdirSync(dir);
  const out: RunSummary[] = [];
  for (const c of clusters) {
    const cdir = path.join(dir, c);
    if (!existsSync(cdir)) continue;
    for (const f of readdirSync(cdir).filter((x) => x.endsWith('.jsonl'))) {
      const file = path.join(cdir, f);
      let entries: StampedEntry[];
      try {
        entries = readRun(file);
      } catch {
        // Unreadable (permissions, a folder named x.jsonl): not a run anyone can resume.
        continue;
      }
      const s = summarize(file, entries);
      if (s) out.push(s);
    }
  }
  return out.sort((x, y) => y.startedAt.localeCompare(x.startedAt));
}
