// `hapilot` (the default command): the interactive console, full screen in the terminal's
// alternate screen. Read-write by default; --read-only opens a session that refuses every change
// and never loads the procedure wizard (src/ops is reached only through a dynamic import, in
// read-write mode). The terminal is restored on every way out (see screens/fullscreen.ts).
import type { HapilotCommand } from './hapilot-command.js';
import { openSession } from '../transport/session.js';
import type { NodeId } from '../cluster/facts.js';
import type { CommandRunner } from '../transport/types.js';
import { UsageError } from './errors.js';
import { exitAfterFlush, liveViewSettings, loadScreen, startLiveMonitor } from './live-monitor.js';
import { clusterOption, intervalOption, type ClusterOptions } from './shared-options.js';
import { HostKeyBroker } from '../screens/host-key-broker.js';
import type { WizardEntry } from '../screens/console/wizard-entry.js';

export interface ConsoleOptions extends ClusterOptions {
  readOnly?: boolean;
  interval?: number;
}

export function registerConsole(program: HapilotCommand): void {
  program
    .command('console', { isDefault: true })
    .description('the interactive console (default command): both nodes, the verdict, the command log, procedures')
    .addOption(clusterOption())
    .option('--read-only', 'refuse every change: no procedures, the session sends probes only')
    .addOption(intervalOption())
    .action(async (opts: ConsoleOptions) => {
      exitAfterFlush(await runConsole(opts));
    });
}

export async function runConsole(opts: ConsoleOptions): Promise<number> {
  if (!process.stdout.isTTY) {
    throw new UsageError('the console needs a terminal; for a pipe or a script use hapilot status (--json), or hapilot watch');
  }
  const { cluster, intervalMs, theme } = liveViewSettings(opts);
  const readOnly = Boolean(opts.readOnly);
  const hostKeys = new HostKeyBroker();
  // Without a keyboard nobody can answer a host-key question: such keys are refused, as in status.
  const session = openSession(cluster, { readOnly, interactiveHostKey: process.stdin.isTTY ? hostKeys.ask : null });
  const live = startLiveMonitor(cluster, session, intervalMs);
  const { monitor, feed } = live;

  const runners: Record<NodeId, CommandRunner> = { a: session.a, b: session.b };
  // Read-only: no entry at all, so neither the wizard nor src/ops is ever loaded.
  // Loaded once: every caller gets the same wizard, so a run in progress is never lost track of.
  let loading: ReturnType<WizardEntry['load']> | null = null;
  const wizard: WizardEntry | null = readOnly
    ? null
    : {
        load: () => (loading ??= import('../screens/wizard/index.js').then((m) => m.loadWizard(cluster, runners))),
      };

  const { mountConsole } = await loadScreen(live, () => import('../screens/console/mount.js'));
  return mountConsole({ feed, log: session.log, hostKeys, readOnly, wizard }, theme, async () => {
    monitor.stop();
    hostKeys.refusePending();
    await session.close();
  });
}
