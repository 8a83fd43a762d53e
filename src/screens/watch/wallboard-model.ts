// The wallboard's model: the dashboard model in its steady form (nothing that ticks), with a
// sparkline width for the terminal. No Ink here: the pipe mode of `hapilot watch` uses it too.
import type { ClusterFeed } from '../cluster-feed.js';
import { dashboardModel, type DashboardModel } from '../dashboard-model.js';
import { paneArea } from '../layout.js';

export function wallboardModel(feed: ClusterFeed, columns: number, rows: number): DashboardModel {
  return dashboardModel({
    def: feed.def,
    state: feed.state(),
    connections: feed.connections(),
    now: Date.now(),
    readOnly: true,
    intervalMs: feed.intervalMs(),
    sparkWidth: Math.max(6, Math.min(30, paneArea(columns, rows).paneWidth - 40)),
    steady: true,
  });
}
