// The procedure wizard, full screen: resume offer or procedure choice, the plan, then the run:
// its steps with their states, the selected step's commands and live output, both nodes in a
// compact view, and the engine's questions as prompts (confirm defaults to No, a destructive step
// wants the node's name typed). `x` aborts at any time; Ctrl-C aborts a run, a second one quits.
import { useCallback, useEffect, useRef, useState, useSyncExternalStore, type ReactElement } from 'react';
import { Box, Text, useInput, useStdin } from 'ink';
import type { WizardScreenProps } from '../console/wizard-entry.js';
import type { Pending } from './ui-operator.js';
import type { WizardController, WizardState } from './wizard-controller.js';
import { useTheme } from '../theme.js';
import { wrapText } from '../../format/text.js';
import { CompactNodes } from './CompactNodes.js';
import { ProcedurePicker } from './ProcedurePicker.js';
import { ResumeOffer } from './ResumeOffer.js';
import { PlanView } from './PlanView.js';
import { StepList } from './StepList.js';
import { StepOutput } from './StepOutput.js';
import { QuestionPrompt } from './prompts/QuestionPrompt.js';

export interface WizardScreenOwnProps extends WizardScreenProps {
  controller: WizardController;
}

const HINTS: Record<WizardState['phase'], string> = {
  'resume-offer': '<↑/↓> choose  <Enter> resume (plan first)  <n> not now: other procedures  <Esc> dashboard',
  pick: '<↑/↓> choose  <Enter> plan  <Esc> dashboard  <q> quit',
  preparing: 'looking at the cluster and building the plan…',
  plan: '<Enter> run it (every change asks first)  <↑/↓ PgUp/PgDn> scroll  <Esc> back',
  running: '<x> abort  <↑/↓> step output  <Ctrl-C> abort, twice: quit',
  ended: '<Enter/Esc> back to the dashboard  <↑/↓> step output  <q> quit',
};

export function WizardScreen({ controller, width, height, model, start, onClose, onQuit }: WizardScreenOwnProps) {
  const theme = useTheme();
  const { isRawModeSupported } = useStdin();
  const subscribeState = useCallback((fn: () => void) => controller.subscribe(fn), [controller]);
  const subscribeQuestions = useCallback((fn: () => void) => controller.operator.subscribe(fn), [controller]);
  const state = useSyncExternalStore(subscribeState, () => controller.state());
  const pending = useSyncExternalStore(subscribeQuestions, () => controller.operator.pending());
  const promptKey = usePendingKey(pending);
  const [cursor, setCursor] = useState(0);
  const [top, setTop] = useState(0);
  const [selectedStep, setSelectedStep] = useState<number | null>(null);
  const [warning, setWarning] = useState<string | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: once, when the wizard opens; a later start prop never restarts a run
  useEffect(() => {
    // Opened again while a run goes on (or has ended, not yet acknowledged): show that, not a new start.
    if (controller.state().phase === 'running' || controller.state().phase === 'ended') return;
    controller.begin(start);
  }, []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the cursor and scroll go back to the top whenever the phase changes
  useEffect(() => {
    setCursor(0);
    setTop(0);
    setSelectedStep(null);
  }, [state.phase]);

  const interrupt = () => {
    if (controller.busy) {
      if (state.phase === 'running' && state.aborting) return onQuit();
      controller.abort();
      setWarning('aborting after the current command; Ctrl-C again leaves now (the run stays resumable from its journal)');
      return;
    }
    onQuit();
  };

  const steps = state.phase === 'running' || state.phase === 'ended' ? state.view.steps : [];
  const following = steps.findIndex((s) => s.status === 'running');
  const lastTouched = steps.reduce((n, s, i) => (s.status !== 'pending' && s.status !== 'skipped' ? i : n), 0);
  const stepIndex = selectedStep ?? (following >= 0 ? following : lastTouched);

  useInput(
    (input, key) => {
      if (key.ctrl && input === 'c') return interrupt();
      switch (state.phase) {
        case 'resume-offer': {
          if (key.upArrow) return setCursor((c) => Math.max(0, c - 1));
          if (key.downArrow) return setCursor((c) => Math.min(state.runs.length - 1, c + 1));
          if (key.return && state.runs[cursor]) return void controller.resume(state.runs[cursor]!.runId);
          if (input === 'n') return controller.toPicker(null);
          if (key.escape) return onClose();
          if (input === 'q') return onQuit();
          return;
        }
        case 'pick': {
          if (key.upArrow) return setCursor((c) => Math.max(0, c - 1));
          if (key.downArrow) return setCursor((c) => Math.min(state.procedures.length - 1, c + 1));
          if (key.return && state.procedures[cursor]) return void controller.choose(state.procedures[cursor]!.name);
          if (key.escape) return onClose();
          if (input === 'q') return onQuit();
          return;
        }
        case 'plan': {
          const page = Math.max(1, height - 6);
          if (key.upArrow) return setTop((t) => Math.max(0, t - 1));
          if (key.downArrow) return setTop((t) => Math.min(Math.max(0, state.lines.length - 1), t + 1));
          if (key.pageUp) return setTop((t) => Math.max(0, t - page));
          if (key.pageDown) return setTop((t) => Math.min(Math.max(0, state.lines.length - 1), t + page));
          if (key.return) return controller.run();
          if (key.escape) return state.resumeOf ? controller.begin({ kind: 'resume' }) : controller.toPicker(null);
          return;
        }
        case 'running':
        case 'ended': {
          if (key.upArrow) return setSelectedStep(Math.max(0, stepIndex - 1));
          if (key.downArrow) return setSelectedStep(Math.min(steps.length - 1, stepIndex + 1));
          if (state.phase === 'running') {
            if (input === 'x') {
              controller.abort();
              return setWarning('aborting after the current command…');
            }
            if (input === 'q' || key.escape) return setWarning('a run is in progress: x aborts it first');
            return;
          }
          if (key.return || key.escape) {
            controller.toPicker(null);
            return onClose();
          }
          if (input === 'q') return onQuit();
          return;
        }
        default:
          return;
      }
    },
    { isActive: isRawModeSupported && pending === null },
  );

  const titleLine = (() => {
    switch (state.phase) {
      case 'running':
      case 'ended': {
        const v = state.view;
        return `${v.title} · cluster ${model.cluster} · primary ${v.roles.primary} · standby ${v.roles.standby} (${v.roles.basis}) · run ${v.runId}`;
      }
      case 'plan':
        return `${state.title}: the plan · cluster ${model.cluster}`;
      case 'preparing':
        return `${state.procedure}: looking at the cluster and building the plan…`;
      default:
        return `Procedures · cluster ${model.cluster} · read-write`;
    }
  })();

  const compactHeight = 3;
  const hintsHeight = 1;
  const promptHeight = pending ? Math.min(Math.max(8, Math.floor(height / 2)), height - 8) : 0;
  const activity = state.phase === 'running' ? `${state.aborting ? 'ABORTING · ' : ''}${state.view.activity}` : null;
  const ended = state.phase === 'ended' ? state : null;
  const endLines = ended
    ? wrapText(
        `${ended.outcome.outcome.toUpperCase()}${ended.outcome.rolledBack ? ' (rolled back)' : ''}: ${ended.outcome.message}`,
        width,
      ).slice(0, 4)
    : [];
  const preflightFails =
    (state.phase === 'running' || state.phase === 'ended') && state.view.phase !== 'running'
      ? state.view.preflight.filter((r) => !r.ok)
      : [];
  const fixed =
    1 +
    compactHeight +
    hintsHeight +
    promptHeight +
    (activity !== null ? 1 : 0) +
    (warning ? 1 : 0) +
    endLines.length +
    (ended ? 1 : 0) +
    Math.min(3, preflightFails.length);
  const mainHeight = Math.max(3, height - fixed);
  const side = width >= 100;

  let main: ReactElement;
  switch (state.phase) {
    case 'resume-offer':
      main = <ResumeOffer runs={state.runs} selected={cursor} error={state.error} width={width} height={mainHeight} />;
      break;
    case 'pick':
      main = <ProcedurePicker procedures={state.procedures} selected={cursor} error={state.error} width={width} height={mainHeight} />;
      break;
    case 'preparing':
      main = (
        <Box height={mainHeight}>
          <Text dimColor>
            {state.resumeOf
              ? `reading the journal of ${state.resumeOf} and looking at the cluster…`
              : 'one probe round on both nodes, then the plan…'}
          </Text>
        </Box>
      );
      break;
    case 'plan':
      main = (
        <PlanView
          lines={state.lines}
          top={top}
          width={width}
          height={mainHeight}
          resume={state.resumeOf ? { runId: state.resumeOf, nextStep: state.nextStep } : null}
        />
      );
      break;
    case 'running':
    case 'ended': {
      const listWidth = side ? Math.min(60, Math.floor(width * 0.45)) : width;
      const listHeight = side ? mainHeight : Math.min(steps.length, Math.max(3, Math.floor(mainHeight / 2)));
      main = (
        <Box flexDirection={side ? 'row' : 'column'} height={mainHeight} overflow="hidden">
          <StepList steps={steps} selected={stepIndex} width={listWidth} height={listHeight} />
          <Box marginLeft={side ? 1 : 0} flexGrow={1}>
            <StepOutput
              step={steps[stepIndex]}
              width={side ? width - listWidth - 1 : width}
              height={side ? mainHeight : mainHeight - listHeight}
            />
          </Box>
        </Box>
      );
      break;
    }
  }

  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text {...theme.style('title')} wrap="truncate-end">
        {titleLine}
      </Text>
      <CompactNodes model={model} width={width} />
      {activity !== null ? (
        <Text {...theme.style(state.phase === 'running' && state.aborting ? 'bad' : 'warn')} wrap="truncate-end">
          {`▶ ${activity}`}
        </Text>
      ) : null}
      {ended ? (
        <>
          {endLines.map((l, i) => (
            <Text
              key={i}
              {...theme.style(
                ended.outcome.outcome === 'succeeded'
                  ? 'verdict-healthy'
                  : ended.outcome.outcome === 'failed'
                    ? 'verdict-critical'
                    : 'verdict-degraded',
              )}
            >
              {l.padEnd(width)}
            </Text>
          ))}
          <Text dimColor wrap="truncate-end">{`journal: ${ended.journal}`}</Text>
        </>
      ) : null}
      {preflightFails.slice(0, 3).map((r, i) => (
        <Text key={`p${i}`} {...theme.style('bad')} wrap="truncate-end">
          {`✗ ${r.label}: ${r.detail}`}
        </Text>
      ))}
      {warning ? (
        <Text {...theme.style('warn')} wrap="truncate-end">
          {warning}
        </Text>
      ) : null}
      {main}
      {pending ? <QuestionPrompt key={promptKey} pending={pending} width={width} height={promptHeight} onInterrupt={interrupt} /> : null}
      <Text dimColor wrap="truncate-end">
        {pending ? 'answer the question above · Ctrl-C aborts the run' : HINTS[state.phase]}
      </Text>
    </Box>
  );
}

/** A new key for each new question, so a prompt's own state (typed text, ticks) starts empty. */
function usePendingKey(pending: Pending | null): number {
  const ref = useRef<{ p: Pending | null; n: number }>({ p: null, n: 0 });
  if (pending !== ref.current.p) ref.current = { p: pending, n: ref.current.n + 1 };
  return ref.current.n;
}
