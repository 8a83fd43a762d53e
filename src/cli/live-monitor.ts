// The refresh loop behind the console and the wallboard: the Monitor probing both nodes of an
// open session, and the feed the screens read. Shared by `hapilot` and `hapilot watch`; it
// imports nothing from src/ops (the wallboard's import graph is checked by a test).
import type { LoadedCluster } from '../config/load-cluster.js';
import type { Session } from '../transport/session.js';
import { Monitor } from '../cluster/monitor.js';
import { ProbeSession, SLOW_PERIOD_MS } from '../probes/session.js';
import { monitorFeed, type ClusterFeed } from '../screens/cluster-feed.js';
import type { Theme } from '../config/preferences.js';
import { loadClusterFor, preferencesOrWarn } from './cluster-file.js';
import type { ClusterOptions } from './shared-options.js';

export interface LiveMonitor {
  monitor: Monitor;
  feed: ClusterFeed;
  /**
   * Settles once both nodes are running their first round (its first line arrived) or that round
   * has ended: from then on, this process mostly waits for the nodes.
   */
  firstRoundsStarted: Promise<void>;
}

export function startLiveMonitor(cluster: LoadedCluster, session: Session, intervalMs: number): LiveMonitor {
  const { def } = cluster;
  const started = { a: signal(), b: signal() };
  // One persistent probe session per node (probes/session.ts): a round is a request over an open
  // channel, not a script started on the node; it falls back to the per-round script by itself.
  // The program on the node ends on its own a while after the last request.
  const idleSeconds = Math.max(120, (5 * intervalMs) / 1000);
  // HAPILOT_PROBE_SESSION=0: every round a script of its own, as before the session (a site that
  // wants no long-lived program on its nodes; the benchmark compares both).
  const off = process.env.HAPILOT_PROBE_SESSION === '0' ? 'the persistent session is turned off (HAPILOT_PROBE_SESSION=0)' : undefined;
  const sessionOpts = { slowPeriodMs: Math.max(SLOW_PERIOD_MS, intervalMs), idleSeconds, ...(off ? { off } : {}) };
  const probes = {
    a: new ProbeSession(session.a, def, 'a', sessionOpts),
    b: new ProbeSession(session.b, def, 'b', sessionOpts),
  };
  const monitor = new Monitor(
    def,
    {
      probe: (id, hooks) => {
        const onAnswer = () => {
          started[id].fire();
          hooks.onAnswer();
        };
        const round = probes[id].round({ onAnswer, ...(hooks.onPartial ? { onPartial: hooks.onPartial } : {}) });
        round.then(started[id].fire, started[id].fire);
        return round;
      },
      // The session says "alive" every second while sections run; a liveness check (a command
      // started on the node) is only needed for the per-round script.
      ping: (id, timeoutMs) =>
        probes[id].running
          ? Promise.reject(new Error('the session reports its own liveness'))
          : session.node(id).exec({ kind: 'probe', label: 'liveness check', text: 'true' }, { timeoutMs }),
      nodeName: (id) => session.node(id).name,
    },
    intervalMs,
  );
  const feed = monitorFeed(def, monitor, { a: session.a, b: session.b });
  monitor.start();
  return { monitor, feed, firstRoundsStarted: Promise.all([started.a.fired, started.b.fired]).then(() => undefined) };
}

/** What the console and the wallboard start from; the preferences are read once. */
export interface LiveViewSettings {
  cluster: LoadedCluster;
  intervalMs: number;
  theme: Theme;
}

export function liveViewSettings(opts: ClusterOptions & { interval?: number }): LiveViewSettings {
  const prefs = preferencesOrWarn();
  const cluster = loadClusterFor(opts.cluster, prefs);
  return { cluster, intervalMs: (opts.interval ?? prefs?.get('refreshSeconds') ?? 2) * 1000, theme: prefs?.get('theme') ?? 'auto' };
}

/**
 * Loads a screen's module (`load` holds the literal dynamic import, which the import-graph test
 * reads) with React's production build. It loads at once, while the ssh handshakes run: with the
 * persistent session a node's first sections answer a few milliseconds after its handshake, so
 * waiting for the first rounds before loading Ink (about 400 ms of CPU) would put all of that load
 * after them; loaded now, it overlaps the handshakes' network waits, and the panes fill as the
 * sections arrive (Monitor's partial facts).
 */
export async function loadScreen<T>(_live: LiveMonitor, load: () => Promise<T>): Promise<T> {
  // React's development build checks every element and records timings: several times the CPU
  // of the production build, for nothing an operator sees. It is chosen when React is first
  // loaded, which is in `load`.
  process.env.NODE_ENV ??= 'production';
  return load();
}

function signal(): { fired: Promise<void>; fire: () => void } {
  let fire = () => {};
  const fired = new Promise<void>((r) => (fire = r));
  return { fired, fire };
}

/** Exit once what was written to the terminal has been flushed. */
export function exitAfterFlush(code: number): void {
  const out = process.stdout;
  if (out.writableLength === 0 || out.destroyed) process.exit(code);
  out.write('', () => process.exit(code));
  // A terminal that went away never drains.
  setTimeout(() => process.exit(code), 500).unref();
}
