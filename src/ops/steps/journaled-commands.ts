// The one way a run sends a step's commands: node by node, each journaled before it is sent and
// after it returns (exit code, duration, the end of its output), stopping at the first that does
// not succeed. Steps and rollbacks both go through here, so the journal reads the same for both.
import type { NodeId } from '../../cluster/facts.js';
import type { ExecResult } from '../../transport/types.js';
import { TransportError } from '../../transport/types.js';
import { errorMessage } from '../../format/error-message.js';
import { firstLine } from '../../format/text.js';
import type { StepStatus } from '../journal.js';
import { tail, type StepContext } from './context.js';

export interface JournaledCommands {
  stepId: string;
  attempt: number;
  commands: { node: NodeId | null; command: string }[];
  /** The label the command log shows. */
  label: string;
  /** Whether the commands change a node ('change') or only read it ('probe'). */
  changes: boolean;
  timeoutMs: number;
  rollback?: boolean;
  onOutput?: (nodeName: string, chunk: string) => void;
  /** Called with each command's result (whatever its exit code), before the next is sent. */
  onExit?: (r: ExecResult) => void;
}

export type CommandsOutcome =
  | { ok: true }
  | {
      ok: false;
      nodeName: string;
      /** 'unknown' when the command may have run (the connection dropped after sending it). */
      status: Extract<StepStatus, 'failed' | 'unknown'>;
      /** What went wrong, in a few words: "exit 1 on alpha: no such file", "outcome unknown: ...". */
      detail: string;
      /** The error or exit alone: "connection lost", "exit 1". */
      cause: string;
    };

const JOURNAL_TAIL = 2000;

export async function runJournaledCommands(ctx: StepContext, job: JournaledCommands): Promise<CommandsOutcome> {
  const rollback = job.rollback ? { rollback: true } : {};
  for (const c of job.commands) {
    const nodeName = ctx.nodeName(c.node);
    ctx.journal.append({ type: 'step-start', stepId: job.stepId, attempt: job.attempt, node: nodeName, command: c.command, ...rollback });
    ctx.activity(`${job.label} on ${nodeName}`);
    const started = Date.now();
    let streamed = '';
    const onOutput = (chunk: string) => {
      streamed = tail(streamed + chunk, JOURNAL_TAIL);
      job.onOutput?.(nodeName, chunk);
    };
    let r: ExecResult;
    try {
      r = await ctx.exec(c.node, { kind: job.changes ? 'change' : 'probe', label: job.label, text: c.command }, job.timeoutMs, onOutput);
    } catch (e) {
      const err = errorMessage(e);
      const mayHaveRun = e instanceof TransportError ? e.mayHaveRun : true;
      const status = mayHaveRun ? 'unknown' : 'failed';
      ctx.journal.append({
        type: 'step-end',
        stepId: job.stepId,
        status,
        node: nodeName,
        durationMs: Date.now() - started,
        error: err,
        outputTail: streamed,
        ...rollback,
      });
      return { ok: false, nodeName, status, detail: mayHaveRun ? `outcome unknown: ${err}` : err, cause: err };
    }
    const output = r.stdout + (r.stderr ? (r.stdout ? '\n' : '') + r.stderr : '');
    const ok = r.exitCode === 0;
    ctx.journal.append({
      type: 'step-end',
      stepId: job.stepId,
      status: ok ? 'done' : 'failed',
      node: nodeName,
      exitCode: r.exitCode,
      durationMs: r.durationMs,
      outputTail: tail(output, JOURNAL_TAIL),
      ...rollback,
    });
    job.onExit?.(r);
    if (!ok) {
      const cause = `exit ${r.exitCode ?? r.signal ?? '?'}`;
      return {
        ok: false,
        nodeName,
        status: 'failed',
        detail: `${cause} on ${nodeName}${r.stderr.trim() ? `: ${firstLine(r.stderr)}` : ''}`,
        cause,
      };
    }
  }
  return { ok: true };
}
