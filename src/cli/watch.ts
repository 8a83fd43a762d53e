// `hapilot watch`: the wallboard. Read-only by construction: its session refuses every change
// command in the transport, nothing here imports src/ops (a test walks this file's import graph),
// host keys are never asked about (nobody is there to answer), and it never exits because a node
// went away: it shows the stale data as such and reconnects by itself, a refused connection
// included, except a changed, revoked or other-type host key (watch-retry.ts).
// Without a terminal (stdout to a file or a pipe) it prints one line per change of the verdict.
import type { HapilotCommand } from './hapilot-command.js';
import { openSession, type Session } from '../transport/session.js';
import type { LoadedCluster } from '../config/load-cluster.js';
import { exitAfterFlush, liveViewSettings, loadScreen, startLiveMonitor } from './live-monitor.js';
import { clusterOption, intervalOption, type ClusterOptions } from './shared-options.js';
import { wallboardModel } from '../screens/watch/wallboard-model.js';
import type { ClusterFeed } from '../screens/cluster-feed.js';
import { formatClock } from '../format/units.js';
import { visibleLine } from '../format/visible.js';
import { retryRefusals } from './watch-retry.js';

export interface WatchOptions extends ClusterOptions {
  interval?: number;
}

export function registerWatch(program: HapilotCommand): void {
  program
    .command('watch')
    .description('read-only wallboard: no keyboard needed, survives node loss, reconnects by itself')
    .addOption(clusterOption())
    .addOption(intervalOption())
    .action(async (opts: WatchOptions) => {
      exitAfterFlush(await runWatch(opts));
    });
}

/** The wallboard's session: read-only, and an unknown host key is refused, never asked about. */
export function openWatchSession(cluster: LoadedCluster): Session {
  return openSession(cluster, { readOnly: true, interactiveHostKey: null });
}

export async function runWatch(opts: WatchOptions): Promise<number> {
  const { cluster, intervalMs, theme } = liveViewSettings(opts);
  const session = openWatchSession(cluster);
  // Subscribed before the first attempt ends, so a refusal at start is retried too.
  const stopRetrying = [retryRefusals(session.a), retryRefusals(session.b)];
  const live = startLiveMonitor(cluster, session, intervalMs);
  const { monitor, feed } = live;
  const cleanup = async () => {
    for (const stop of stopRetrying) stop();
    monitor.stop();
    await session.close();
  };
  if (!process.stdout.isTTY) return printChanges(feed, cleanup);
  const { mountWallboard } = await loadScreen(live, () => import('../screens/watch/mount.js'));
  return mountWallboard(feed, theme, cleanup);
}

/** Not a terminal: a line each time the verdict or its reasons change, until a signal. */
function printChanges(feed: ClusterFeed, cleanup: () => Promise<void>): Promise<number> {
  return new Promise((resolve) => {
    let last = '';
    const print = () => {
      const m = wallboardModel(feed, 120, 40);
      if (m.verdict.verdict === 'waiting') return;
      const line = [m.verdict.title, ...m.verdict.findings.map((f) => `${f.mark} ${f.message}`)].join(' | ');
      if (line === last) return;
      last = line;
      process.stdout.write(`${formatClock(Date.now())} ${m.cluster} ${visibleLine(line)}\n`);
    };
    const unsubscribe = feed.subscribe(print);
    const stop = (code: number) => () => {
      unsubscribe();
      void cleanup().then(() => resolve(code));
    };
    process.once('SIGINT', stop(130));
    process.once('SIGTERM', stop(143));
    process.once('SIGHUP', stop(129));
  });
}
