// Everything the console and the wallboard show about the cluster, derived as plain data from the
// Monitor's state and the connections' states. Components render this and nothing else, and the
// screens compare successive models to draw a frame only when something visible changed.
import type { ClusterDefinition } from '../config/schema.js';
import type { NodeFacts, NodeId } from '../cluster/facts.js';
import type { FindingLevel, Verdict } from '../cluster/assessment.js';
import type { MonitorState } from '../cluster/monitor.js';
import type { ConnectionState } from '../transport/types.js';
import type { Tone } from '../view/node-rows.js';
import { formatClock, formatDuration } from '../format/units.js';
import { paneModel, type PaneModel } from './pane-model.js';
import { oneLine, steadyMessage } from './text-lines.js';
import { visibleLine } from '../format/visible.js';

export interface FindingModel {
  level: FindingLevel;
  mark: string;
  tone: Tone;
  message: string;
  advice: string | null;
}

export interface VerdictModel {
  /** 'waiting' before the first round has come back. */
  verdict: Verdict | 'waiting';
  title: string;
  splitBrain: boolean;
  findings: FindingModel[];
}

export interface StaleModel {
  /** The nodes whose latest round failed, with when they went and their last good data. */
  nodes: { name: string; since: string; reason: string; lastGood: string | null }[];
}

export interface DashboardModel {
  cluster: string;
  readOnly: boolean;
  intervalSeconds: number;
  /** "3 s" (console), or null on the wallboard and before any data. */
  dataAge: string | null;
  /** Clock time of the newest data, "12:03:04" (the wallboard: "12:03"). */
  dataAt: string | null;
  roundInFlight: boolean;
  verdict: VerdictModel;
  panes: Record<NodeId, PaneModel>;
  stale: StaleModel | null;
}

export interface DashboardInputs {
  def: ClusterDefinition;
  state: MonitorState;
  connections: Record<NodeId, ConnectionState>;
  now: number;
  readOnly: boolean;
  intervalMs: number;
  sparkWidth: number;
  /** Wallboard: no ticking ages or countdowns, no per-round noise (see PaneInputs.steady). */
  steady: boolean;
}

const TITLE: Record<Verdict, string> = { healthy: 'HEALTHY', degraded: 'DEGRADED', unreachable: 'UNREACHABLE', critical: 'CRITICAL' };
const MARK: Record<FindingLevel, string> = { critical: '✗', unreachable: '?', degraded: '!' };

export function dashboardModel(i: DashboardInputs): DashboardModel {
  const { state } = i;
  const nodes = state.snapshot.nodes;
  const fresh = (id: NodeId): NodeFacts | null => {
    const o = nodes[id];
    return o.reachable ? o.facts : null;
  };
  const roles = state.assessment.roles;
  const resolved = (id: NodeId) => (roles.primary === id ? 'primary' : roles.standby === id ? 'standby' : null);
  const waiting = state.rounds === 0;
  const pane = (id: NodeId, peer: NodeId) =>
    paneModel({
      waiting,
      def: i.def,
      id,
      observation: nodes[id],
      peer: fresh(peer),
      syncTrends: state.sync ?? [],
      connection: i.connections[id],
      history: state.history[id].values(),
      resolvedRole: resolved(id),
      now: i.now,
      sparkWidth: i.sparkWidth,
      steady: i.steady,
    });

  const verdict: VerdictModel = waiting
    ? { verdict: 'waiting', title: 'CONNECTING', splitBrain: false, findings: [] }
    : {
        verdict: state.assessment.verdict,
        title: state.assessment.splitBrain ? 'SPLIT BRAIN' : TITLE[state.assessment.verdict],
        splitBrain: state.assessment.splitBrain,
        findings: state.assessment.findings.map((f) => ({
          level: f.level,
          mark: MARK[f.level],
          tone: f.level === 'critical' ? 'bad' : 'warn',
          message: i.steady ? steadyMessage(oneLine(f.message)) : oneLine(f.message),
          advice: f.advice ? visibleLine(f.advice) : null,
        })),
      };

  const staleNodes = waiting
    ? []
    : (['a', 'b'] as const).flatMap((id) => {
        const o = nodes[id];
        if (o.reachable) return [];
        return [
          {
            name: o.name,
            since: formatClock(Date.parse(o.since)),
            reason: visibleLine(o.reason),
            lastGood: o.lastGood ? formatClock(Date.parse(o.lastGood.collectedAt)) : null,
          },
        ];
      });

  return {
    cluster: i.def.name,
    readOnly: i.readOnly,
    intervalSeconds: Math.round(i.intervalMs / 100) / 10,
    dataAge: i.steady || state.newestDataAt === null ? null : formatDuration(Math.max(0, Math.round((i.now - state.newestDataAt) / 1000))),
    // The wallboard shows it to the minute: one frame a minute proves the board is not frozen,
    // without a new frame every round.
    dataAt: state.newestDataAt === null ? null : i.steady ? formatClock(state.newestDataAt).slice(0, 5) : formatClock(state.newestDataAt),
    roundInFlight: i.steady ? false : state.roundInFlight,
    verdict,
    panes: { a: pane('a', 'b'), b: pane('b', 'a') },
    stale: staleNodes.length ? { nodes: staleNodes } : null,
  };
}
