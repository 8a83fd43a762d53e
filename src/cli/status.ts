// `hapilot status`: one probe round on both nodes, side by side, with the verdict under it; or
// the JSON document for scripts. Read-only: the session refuses every change, and this module
// never imports the ops layer. Exit codes follow monitoring plugins (0 ok, 1, 2, 3).
import type { HapilotCommand } from './hapilot-command.js';
import { openSession } from '../transport/session.js';
import { lookOnce } from '../cluster/observe.js';
import { renderStatusText, colourFor } from '../view/status-text.js';
import { statusDocument, exitCodeFor } from '../view/status-json.js';
import { loadClusterFor } from './cluster-file.js';
import { EXIT } from '../exit-codes.js';
import { visibleJson } from '../format/visible.js';
import { clusterOption, type ClusterOptions } from './shared-options.js';

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
    .action(async (opts: ClusterOptions & { json?: boolean }) => {
      const cluster = loadClusterFor(opts.cluster);
      // Never asks about host keys: status runs from scripts and monitoring; an unknown key is refused.
      const session = openSession(cluster, { readOnly: true, interactiveHostKey: null });
      try {
        const look = await lookOnce({ a: session.a, b: session.b }, cluster.def);
        if (opts.json) {
          process.stdout.write(`${visibleJson(JSON.stringify(statusDocument(look.snapshot, look.assessment), null, 2))}\n`);
        } else {
          const tty = process.stdout.isTTY;
          process.stdout.write(
            renderStatusText(look.snapshot, look.assessment, cluster.def, {
              paint: colourFor(process.stdout),
              ...(tty ? { width: process.stdout.columns } : {}),
              now: Date.now(),
            }),
          );
        }
        process.exitCode = exitCodeFor(look.assessment.verdict);
      } finally {
        await session.close();
      }
    });
}
