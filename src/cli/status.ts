// `hapilot status`: one probe round on both nodes, side by side, with the verdict under it; or
// the JSON document for scripts. Read-only: the session refuses every change, and this module
// never imports the ops layer. Exit codes follow monitoring plugins (0 ok, 1, 2, 3).
import type { HapilotCommand } from './hapilot-command.js';
import { openSession } from '../transport/session.js';
import { lookOnce, type Look } from '../cluster/observe.js';
import { compareSync, SyncHistory } from '../cluster/sync-compare.js';
import { renderStatusText, colourFor } from '../view/status-text.js';
import { statusDocument, exitCodeFor } from '../view/status-json.js';
import { loadClusterFor } from './cluster-file.js';
import { EXIT } from '../exit-codes.js';
import { visibleJson } from '../format/visible.js';
import { InvalidArgumentError } from 'commander';
import { clusterOption, intervalOption, type ClusterOptions } from './shared-options.js';

export function registerStatus(program: HapilotCommand): void {
  program
    .command('status')
    // A monitoring check that cannot check (a bad cluster file) is UNKNOWN; 2 would read as CRITICAL.
    .exitOnOperatorError(EXIT.UNKNOWN)
    .description(
      'probe both nodes once and print their state side by side, with the verdict (exit 0 healthy, 1 degraded, 2 critical, 3 unreachable or not checked)',
    )
    .addOption(clusterOption())
    .option('--json', 'print the status document for scripts (see docs/status-json.md)')
    .option(
      '--rounds <n>',
      'look this many times, --interval seconds apart, and report the last look with the sync trend (shrinking: still syncing; steady at 0: done)',
      positiveInt,
      1,
    )
    .addOption(intervalOption())
    .action(async (opts: ClusterOptions & { json?: boolean; rounds: number; interval?: number }) => {
      const cluster = loadClusterFor(opts.cluster);
      // Never asks about host keys: status runs from scripts and monitoring; an unknown key is refused.
      const session = openSession(cluster, { readOnly: true, interactiveHostKey: null });
      try {
        // Sizes alone cannot tell a sync that still runs from one that is done: their trend can.
        const history = new SyncHistory(opts.rounds);
        let look: Look | undefined;
        for (let i = 0; i < opts.rounds; i++) {
          if (i > 0) await new Promise((r) => setTimeout(r, (opts.interval ?? 2) * 1000));
          look = await lookOnce({ a: session.a, b: session.b }, cluster.def);
          if (look.facts.a && look.facts.b) history.add(Date.now(), compareSync(look.facts.a, look.facts.b));
        }
        if (!look) throw new Error('no look taken');
        const sync = history.trends(compareSync(look.facts.a, look.facts.b));
        if (opts.json) {
          process.stdout.write(`${visibleJson(JSON.stringify(statusDocument(look.snapshot, look.assessment, sync), null, 2))}\n`);
        } else {
          const tty = process.stdout.isTTY;
          process.stdout.write(
            renderStatusText(look.snapshot, look.assessment, cluster.def, {
              paint: colourFor(process.stdout),
              ...(tty ? { width: process.stdout.columns } : {}),
              now: Date.now(),
              sync,
            }),
          );
        }
        process.exitCode = exitCodeFor(look.assessment.verdict);
      } finally {
        await session.close();
      }
    });
}

/** A whole number from 1 to 1000, decimal only. */
function positiveInt(v: string): number {
  if (!/^[1-9]\d{0,3}$/.test(v) || Number(v) > 1000) throw new InvalidArgumentError('expected a whole number from 1 to 1000');
  return Number(v);
}
