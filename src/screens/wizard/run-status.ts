// The wizard's lines of text from its state: the title line, and the run's status under the
// compact nodes (what it is doing, how it ended and where its journal is, what the preflight
// refused, a warning). Pure, so the layout can count the lines before anything is drawn.
import { visibleLine } from '../../format/visible.js';
import { wrapText } from '../../format/text.js';
import type { Emphasis } from '../theme.js';
import type { WizardState } from './wizard-controller.js';

/** At most this many failed preflight checks are listed (the plan and the journal have them all). */
const PREFLIGHT_LINES = 3;
/** At most this many lines of the outcome's message. */
const OUTCOME_LINES = 4;

export interface RunStatus {
  activity: { text: string; aborting: boolean } | null;
  outcome: { lines: string[]; emphasis: Emphasis; journal: string } | null;
  preflightFails: string[];
  warning: string | null;
}

export function titleLine(state: WizardState, cluster: string): string {
  switch (state.phase) {
    case 'resume-offer':
    case 'pick':
      return `Procedures · cluster ${cluster} · read-write`;
    case 'preparing':
      return `${state.procedure}: looking at the cluster and building the plan…`;
    case 'plan':
      return `${state.title}: the plan · cluster ${cluster}`;
    case 'running':
    case 'ended': {
      const v = state.view;
      return `${v.title} · cluster ${cluster} · primary ${v.roles.primary} · standby ${v.roles.standby} (${v.roles.basis}) · run ${v.runId}`;
    }
    default: {
      const unhandled: never = state;
      throw new Error(`wizard phase ${JSON.stringify(unhandled)} has no title`);
    }
  }
}

export function runStatus(state: WizardState, warning: string | null, width: number): RunStatus {
  const run = state.phase === 'running' || state.phase === 'ended' ? state : null;
  const ended = state.phase === 'ended' ? state : null;
  return {
    activity:
      state.phase === 'running' ? { text: `${state.aborting ? 'ABORTING · ' : ''}${state.view.activity}`, aborting: state.aborting } : null,
    outcome: ended
      ? {
          lines: wrapText(
            `${ended.outcome.outcome.toUpperCase()}${ended.outcome.rolledBack ? ' (rolled back)' : ''}: ${ended.outcome.message}`,
            width,
          ).slice(0, OUTCOME_LINES),
          emphasis:
            ended.outcome.outcome === 'succeeded'
              ? 'verdict-healthy'
              : ended.outcome.outcome === 'failed'
                ? 'verdict-critical'
                : 'verdict-degraded',
          journal: ended.journal,
        }
      : null,
    preflightFails:
      run && run.view.phase !== 'running'
        ? run.view.preflight
            .filter((r) => !r.ok)
            .slice(0, PREFLIGHT_LINES)
            .map((r) => `✗ ${visibleLine(`${r.label}: ${r.detail}`)}`)
        : [],
    warning,
  };
}

/** Lines the status takes on screen (RunStatus.tsx draws one line each). */
export function statusLines(s: RunStatus): number {
  return (s.activity ? 1 : 0) + (s.outcome ? s.outcome.lines.length + 1 : 0) + s.preflightFails.length + (s.warning ? 1 : 0);
}
