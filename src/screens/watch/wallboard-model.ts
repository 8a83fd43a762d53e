// The wallboard's model: the dashboard model in its steady form (nothing that ticks), with a
// sparkline width for the terminal. No Ink here: the pipe mode of `hapilot watch` uses it too.
import type { ClusterFeed } from '../cluster-feed.js';
import { dashboardModel, type DashboardModel } from '../dashboard-model.js';
import { sparkWidthFor } from '../layout.js';

// The wallboard's quantized lag value ("< 1 KiB / < 10 s") is two columns wider than the console's.
const WALLBOARD_VALUE_EXTRA = 2;

export function wallboardModel(feed: ClusterFeed, columns: number, rows: number): DashboardModel {
  return dashboardModel({
    def: feed.def,
    state: feed.state(),
    connections: feed.connections(),
    now: Date.now(),
    readOnly: true,
    intervalMs: feed.intervalMs(),
    sparkWidth: sparkWidthFor(columns, rows, WALLBOARD_VALUE_EXTRA),
    steady: true,
  });
}
