// What the screens read about the cluster, in one place: the Monitor's latest state and both
// connections' states, with one subscription for "something may have changed". The screens never
// hold the session itself, only this; tests give them a feed built from constructed facts.
import type { ClusterDefinition } from '../config/schema.js';
import type { NodeId } from '../cluster/facts.js';
import type { Monitor, MonitorState } from '../cluster/monitor.js';
import type { ConnectionState } from '../transport/types.js';
import type { ViewModelSource } from './use-view-model.js';

export interface ClusterFeed extends ViewModelSource {
  readonly def: ClusterDefinition;
  state(): MonitorState;
  connections(): Record<NodeId, ConnectionState>;
  intervalMs(): number;
  setIntervalMs(ms: number): void;
  /** A probe round now (the refresh key). */
  refresh(): void;
  /** Try again a connection that was refused (after the operator fixed known_hosts, say). */
  reconnectRefused(): void;
}

/** The part of a connection the feed uses (NodeConnection has it). */
export interface WatchedConnection {
  readonly state: ConnectionState;
  onState(fn: (s: ConnectionState) => void): () => void;
  connect(): Promise<void>;
}

export function monitorFeed(def: ClusterDefinition, monitor: Monitor, conns: Record<NodeId, WatchedConnection>): ClusterFeed {
  // Monitor.state() assesses the snapshot each time it is called; keep the one each round hands out.
  let latest = monitor.state();
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const l of listeners) l();
  };
  monitor.subscribe((s) => {
    latest = s;
    notify();
  });
  conns.a.onState(notify);
  conns.b.onState(notify);
  return {
    def,
    state: () => latest,
    connections: () => ({ a: conns.a.state, b: conns.b.state }),
    intervalMs: () => monitor.interval,
    setIntervalMs: (ms) => {
      monitor.setInterval(ms);
      notify();
    },
    refresh: () => {
      void monitor.refresh();
      // The rounds have started: the header shows them in flight.
      latest = monitor.state();
      notify();
    },
    reconnectRefused: () => {
      for (const c of [conns.a, conns.b]) if (c.state.state === 'refused') c.connect().catch(() => undefined);
    },
    subscribe: (fn) => {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
  };
}
