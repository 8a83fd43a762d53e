// What `hapilot lock` and `hapilot lock break` do, loaded only when they run (src/cli/lock.ts
// declares them).
import { createInterface } from 'node:readline/promises';
import { hostname } from 'node:os';
import { openSession } from '../transport/session.js';
import { breakCommand, describeHolder, LOCK_FILE, parseLock, readCommand, type LockHolder } from '../ops/lock.js';
import { firstLine } from '../format/text.js';
import { JournalWriter, listRuns } from '../ops/journal.js';
import { formatDuration } from '../format/units.js';
import { loadClusterFor } from './cluster-file.js';
import { UsageError } from './errors.js';
import type { ClusterOptions } from './shared-options.js';
import type { NodeId } from '../cluster/facts.js';
import { errorMessage } from '../format/error-message.js';
import { visibleLine } from '../format/visible.js';

export async function lockShow(opts: ClusterOptions): Promise<void> {
  const holders = await readHolders(opts.cluster, true);
  for (const h of holders)
    process.stdout.write(
      `${h.name}: ${visibleLine(h.error ?? (h.holder ? `held: ${describeHolder(h.holder)}${staleHint(h.holder)}` : 'free'))}\n`,
    );
  // A node whose lock could not be read is not free: whoever scripts this must not go on.
  if (holders.some((h) => h.error)) process.exitCode = 1;
}

export async function lockBreak(opts: ClusterOptions & { confirm?: string }): Promise<void> {
  const cluster = loadClusterFor(opts.cluster);
  const session = openSession(cluster, { readOnly: false, interactiveHostKey: null });
  try {
    const rows = await readWith(session);
    const unread = rows.filter((h) => h.error);
    for (const h of unread) process.stdout.write(`${h.name}: ${visibleLine(h.error!)}\n`);
    // What cannot be read is not "no lock": say so, and exit 1 whatever is done on the others.
    if (unread.length) process.exitCode = 1;
    const held = rows.filter((h) => h.holder);
    if (!held.length) {
      process.stdout.write(unread.length ? 'no lock is held on the nodes that answered\n' : 'no lock is held\n');
      return;
    }
    const holder = held[0]!.holder!;
    process.stdout.write(
      `The lock is held on ${held.map((h) => h.name).join(', ')}:\n  ${visibleLine(`${describeHolder(holder)}${staleHint(holder)}`)}\n`,
    );
    let typed = opts.confirm;
    if (typed === undefined) {
      if (!process.stdin.isTTY) throw new UsageError('not at a terminal: pass --confirm RUN with the run id of the lock');
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      typed = (
        await rl.question(
          `Breaking it lets another run start while ${holder.operator}'s may still be going.\nType the run id (${holder.runId}) to break it: `,
        )
      ).trim();
      rl.close();
    }
    if (typed !== holder.runId) {
      process.stdout.write('not broken: the run id did not match\n');
      process.exitCode = 1;
      return;
    }
    for (const h of held) {
      const r = await session.node(h.id).exec(breakCommand(holder.runId), { timeoutMs: 15_000 });
      process.stdout.write(`${h.name}: ${r.stdout.trim() === 'broken' ? 'lock broken' : 'the lock changed meanwhile; left alone'}\n`);
    }
    const run = listRuns().find((x) => x.runId === holder.runId);
    if (run) {
      const j = new JournalWriter(run.file);
      j.append({
        type: 'lock',
        action: 'broken',
        nodes: held.map((h) => h.name),
        detail: `broken by ${process.env.SUDO_USER ?? process.env.USER ?? 'unknown'} on ${hostname()}`,
      });
      j.close();
    }
  } finally {
    await session.close();
  }
}

interface HolderRow {
  id: NodeId;
  name: string;
  holder: LockHolder | null;
  error?: string;
}

async function readHolders(clusterOption: string | undefined, readOnly: boolean): Promise<HolderRow[]> {
  const cluster = loadClusterFor(clusterOption);
  const session = openSession(cluster, { readOnly, interactiveHostKey: null });
  try {
    return await readWith(session);
  } finally {
    await session.close();
  }
}

async function readWith(session: ReturnType<typeof openSession>): Promise<HolderRow[]> {
  return Promise.all(
    (['a', 'b'] as const).map(async (id) => {
      const conn = session.node(id);
      try {
        const r = await conn.exec(readCommand(), { timeoutMs: 15_000 });
        if (r.exitCode !== 0) {
          return { id, name: conn.name, holder: null, error: `cannot read ${LOCK_FILE}: ${firstLine(r.stderr) || `exit ${r.exitCode}`}` };
        }
        const holder = parseLock(r.stdout);
        if (!holder && r.stdout.trim())
          return {
            id,
            name: conn.name,
            holder: null,
            error: `${LOCK_FILE} holds something that is not a hapilot lock: ${r.stdout.trim().slice(0, 200)}`,
          };
        return { id, name: conn.name, holder };
      } catch (e) {
        // Not answering is not "free": the lock there may be held.
        return { id, name: conn.name, holder: null, error: `unreachable: ${errorMessage(e)}` };
      }
    }),
  );
}

/** What tells a stale lock: its process gone (on this machine), or its age. */
function staleHint(h: LockHolder): string {
  const age = formatDuration((Date.now() - Date.parse(h.since)) / 1000);
  if (h.from !== hostname()) return ` (taken ${age} ago from another machine)`;
  try {
    process.kill(h.pid, 0);
    return ` (taken ${age} ago; its process ${h.pid} is still running here)`;
  } catch {
    return ` (taken ${age} ago; its process ${h.pid} is gone: stale)`;
  }
}
