// Helpers for the screen tests: a terminal of any size for Ink (ink-testing-library's is fixed at
// 100 columns), and a ClusterFeed built from constructed facts instead of a running Monitor.
import { EventEmitter } from 'node:events';
import type { ReactElement } from 'react';
import { render as inkRender, type Instance } from 'ink';
import { assess } from '../../../src/cluster/assessment.js';
import type { NodeId, NodeObservation } from '../../../src/cluster/facts.js';
import { LagHistory } from '../../../src/cluster/lag-history.js';
import type { MonitorState } from '../../../src/cluster/monitor.js';
import type { ClusterDefinition } from '../../../src/config/schema.js';
import type { ConnectionState } from '../../../src/transport/types.js';
import type { ClusterFeed } from '../../../src/screens/cluster-feed.js';
import { dashboardModel, type DashboardModel } from '../../../src/screens/dashboard-model.js';
import { ThemeContext, colourTheme, type Theme } from '../../../src/screens/theme.js';
import { healthyPair, labLikeDefinition, NOW, reachable } from '../../support/facts.js';

class TestStdout extends EventEmitter {
  readonly frames: string[] = [];
  readonly isTTY = true;
  constructor(
    public columns: number,
    public rows: number,
  ) {
    super();
  }
  write = (frame: string) => {
    this.frames.push(frame);
    return true;
  };
  lastFrame = () => this.frames.at(-1) ?? '';
}

class TestStdin extends EventEmitter {
  readonly isTTY: boolean;
  private data: string | null = null;
  constructor(tty: boolean) {
    super();
    this.isTTY = tty;
  }
  write = (data: string) => {
    this.data = data;
    this.emit('readable');
    this.emit('data', data);
  };
  setEncoding() {}
  setRawMode() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
  read = () => {
    const d = this.data;
    this.data = null;
    return d;
  };
}

export interface Rendered {
  stdout: TestStdout;
  stdin: TestStdin;
  instance: Instance;
  lastFrame(): string;
  /** Lines of the last frame with trailing spaces removed. */
  lines(): string[];
  /** Keys as a terminal sends them; waits for React to render the result. */
  press(...keys: string[]): Promise<void>;
  unmount(): void;
}

export const KEY = { enter: '\r', escape: '\u001B', up: '\u001B[A', down: '\u001B[B', backspace: '\u007F', ctrlC: '\u0003' } as const;

export const tick = (ms = 30) => new Promise((r) => setTimeout(r, ms));

/** Waits until no frame has been written for `quietMs` (a loaded machine renders late). */
export async function settled(stdout: { frames: string[] }, quietMs = 150, maxMs = 5000): Promise<number> {
  const end = Date.now() + maxMs;
  let n = stdout.frames.length;
  for (;;) {
    await tick(quietMs);
    if (stdout.frames.length === n || Date.now() > end) return stdout.frames.length;
    n = stdout.frames.length;
  }
}

export function renderAt(el: ReactElement, opts: { columns?: number; rows?: number; theme?: Theme; keyboard?: boolean } = {}): Rendered {
  const stdout = new TestStdout(opts.columns ?? 120, opts.rows ?? 40);
  const stdin = new TestStdin(opts.keyboard ?? true);
  const instance = inkRender(<ThemeContext.Provider value={opts.theme ?? colourTheme}>{el}</ThemeContext.Provider>, {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    stderr: stdout as unknown as NodeJS.WriteStream,
    debug: true,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  return {
    stdout,
    stdin,
    instance,
    lastFrame: stdout.lastFrame,
    lines: () =>
      stdout
        .lastFrame()
        .split('\n')
        .map((l) => l.replace(/\s+$/, '')),
    press: async (...keys) => {
      for (const k of keys) {
        stdin.write(k);
        // Until the frames stop coming: the key's effect is on screen.
        await settled(stdout, 40, 3000);
      }
    },
    unmount: () => {
      instance.unmount();
      instance.cleanup();
    },
  };
}

/** A Monitor state from two observations, as a round would leave it. */
export function stateOf(
  nodes: Record<NodeId, NodeObservation>,
  def: ClusterDefinition = labLikeDefinition,
  lag: Partial<Record<NodeId, (number | null)[]>> = {},
): MonitorState {
  const history = { a: new LagHistory(60), b: new LagHistory(60) };
  for (const id of ['a', 'b'] as const) {
    for (const [i, v] of (lag[id] ?? []).entries()) {
      const o = nodes[id];
      if (v === null || !o.reachable) history[id].addGap(NOW - 1000 * i);
      else {
        const f = o.facts;
        const pg = f.postgres?.known ? f.postgres.value : null;
        // Lag history from facts: a copy of the node's facts with this lag.
        history[id].add(
          pg && pg.role === 'standby'
            ? { ...f, postgres: { known: true, value: { ...pg, replayBacklogBytes: v } } }
            : pg
              ? { ...f, postgres: { known: true, value: { ...pg, senders: pg.senders.map((s) => ({ ...s, lagBytes: v })) } } }
              : f,
        );
      }
    }
  }
  const snapshot = { cluster: def.name, takenAt: new Date(NOW).toISOString(), nodes };
  const times = (['a', 'b'] as const).flatMap((id) => {
    const o = nodes[id];
    const f = o.reachable ? o.facts : o.lastGood;
    return f ? [Date.parse(f.collectedAt)] : [];
  });
  return {
    snapshot,
    assessment: assess(snapshot, def, NOW),
    history,
    rounds: 1,
    newestDataAt: times.length ? Math.max(...times) : null,
    roundInFlight: false,
  };
}

/** Both nodes reachable and healthy, A primary. */
export function healthyState(): MonitorState {
  const p = healthyPair();
  return stateOf({ a: reachable(p.a), b: reachable(p.b) });
}

export const CONNECTED: Record<NodeId, ConnectionState> = {
  a: { state: 'connected', since: new Date(NOW - 60_000).toISOString() },
  b: { state: 'connected', since: new Date(NOW - 60_000).toISOString() },
};

export function modelOf(
  state: MonitorState,
  opts: { readOnly?: boolean; connections?: Record<NodeId, ConnectionState>; steady?: boolean; def?: ClusterDefinition } = {},
): DashboardModel {
  return dashboardModel({
    def: opts.def ?? labLikeDefinition,
    state,
    connections: opts.connections ?? CONNECTED,
    now: NOW,
    readOnly: opts.readOnly ?? false,
    intervalMs: 2000,
    sparkWidth: 12,
    steady: opts.steady ?? false,
  });
}

/** A feed whose state the test sets; `emit` tells subscribers, as a round would. */
export class TestFeed implements ClusterFeed {
  readonly def: ClusterDefinition;
  private current: MonitorState;
  private conns: Record<NodeId, ConnectionState>;
  private listeners = new Set<() => void>();
  refreshed = 0;
  interval = 2000;

  constructor(state: MonitorState, def: ClusterDefinition = labLikeDefinition, conns = CONNECTED) {
    this.def = def;
    this.current = state;
    this.conns = conns;
  }
  state = () => this.current;
  connections = () => this.conns;
  intervalMs = () => this.interval;
  setIntervalMs = (ms: number) => {
    this.interval = ms;
    this.emit();
  };
  refresh = () => {
    this.refreshed++;
  };
  reconnectRefused = () => {};
  subscribe = (fn: () => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };
  set(state: MonitorState, conns?: Record<NodeId, ConnectionState>): void {
    this.current = state;
    if (conns) this.conns = conns;
    this.emit();
  }
  emit(): void {
    for (const l of this.listeners) l();
  }
}
