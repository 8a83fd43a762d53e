// `hapilot lock`: who holds the cluster lock on each node. `hapilot lock break`: remove a lock
// left by a run that is gone, only after its run id is typed (or given with --confirm). Breaking
// is written to that run's journal when it is on this machine.
//
// Only the command line is declared here; what it does (src/cli/lock-command.ts, with src/ops) is
// loaded when it runs.
import type { HapilotCommand } from './hapilot-command.js';
import { clusterOption, type ClusterOptions } from './shared-options.js';

export function registerLock(program: HapilotCommand): void {
  const lock = program.command('lock').description('show the cluster lock, or break a stale one');
  lock
    .command('show', { isDefault: true })
    .description('who holds the lock on each node')
    .addOption(clusterOption())
    .action(async (opts: ClusterOptions) => {
      const { lockShow } = await import('./lock-command.js');
      await lockShow(opts);
    });
  lock
    .command('break')
    .description('remove a lock whose run is gone (type its run id to confirm)')
    .addOption(clusterOption())
    .option('--confirm <run>', 'unattended use: the run id of the lock to break')
    .action(async (opts: ClusterOptions & { confirm?: string }) => {
      const { lockBreak } = await import('./lock-command.js');
      await lockBreak(opts);
    });
}
