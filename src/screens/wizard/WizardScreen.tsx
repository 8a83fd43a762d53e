// The procedure wizard, full screen: resume offer or procedure choice, the plan, then the run:
// its steps with their states, the selected step's commands and live output, both nodes in a
// compact view, and the engine's questions as prompts (confirm defaults to No, a destructive step
// wants the node's name typed). A key becomes a command through the phase's key table (keys.ts),
// the command a new screen state and effects through wizardInput (wizard-input.ts); the screen is
// divided by wizardLayout. This component wires them to the controller and draws.
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { Box, Text, useInput, useStdin } from 'ink';
import type { WizardScreenProps } from '../console/wizard-entry.js';
import type { Pending, Question } from './ui-operator.js';
import type { WizardController } from './wizard-controller.js';
import { useTheme } from '../theme.js';
import { commandFor, hintsLine } from '../key-bindings.js';
import { INTERRUPT_KEYS, WIZARD_KEYS, type WizardCommand } from './keys.js';
import { focusedStep, viewForNewPhase, WIZARD_VIEW_START, wizardInput, type WizardEffect } from './wizard-input.js';
import { wizardLayout } from './wizard-layout.js';
import { gateLines } from './gate-lines.js';
import { commandLines } from './CommandBlock.js';
import { runStatus, statusLines, titleLine } from './run-status.js';
import { CompactNodes } from './CompactNodes.js';
import { RunStatus } from './RunStatus.js';
import { PhaseBody } from './PhaseBody.js';
import { QuestionPrompt } from './prompts/QuestionPrompt.js';

export interface WizardScreenOwnProps extends WizardScreenProps {
  controller: WizardController;
}

export function WizardScreen({ controller, width, height, model, start, onClose, onQuit }: WizardScreenOwnProps) {
  const theme = useTheme();
  const { isRawModeSupported } = useStdin();
  const subscribeState = useCallback((fn: () => void) => controller.subscribe(fn), [controller]);
  const subscribeQuestions = useCallback((fn: () => void) => controller.operator.subscribe(fn), [controller]);
  const state = useSyncExternalStore(subscribeState, () => controller.state());
  const pending = useSyncExternalStore(subscribeQuestions, () => controller.operator.pending());
  const promptKey = usePendingKey(pending);
  const [view, setView] = useState(WIZARD_VIEW_START);

  // biome-ignore lint/correctness/useExhaustiveDependencies: once, when the wizard opens; a later start prop never restarts a run
  useEffect(() => {
    // Opened again while a run goes on (or has ended, not yet acknowledged): show that, not a new start.
    if (controller.state().phase === 'running' || controller.state().phase === 'ended') return;
    controller.begin(start);
  }, []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the cursor and scroll go back to the top whenever the phase changes
  useEffect(() => setView(viewForNewPhase), [state.phase]);

  const status = runStatus(state, view.warning, width);
  const steps = state.phase === 'running' || state.phase === 'ended' ? state.view.steps : [];
  const layout = wizardLayout({
    width,
    height,
    statusLines: statusLines(status),
    prompt: pending !== null,
    ...(pending ? { promptLines: promptLines(pending.question, width) } : {}),
    steps: steps.length,
    longestTitle: Math.max(0, ...steps.map((s) => s.title.length + (s.destructive ? 2 : 0))),
  });

  const carryOut = (effect: WizardEffect): void => {
    switch (effect.kind) {
      case 'resume':
        void controller.resume(effect.runId);
        return;
      case 'choose':
        void controller.choose(effect.procedure);
        return;
      case 'picker':
        controller.toPicker(null);
        return;
      case 'offer':
        controller.begin({ kind: 'resume' });
        return;
      case 'run':
        controller.run();
        return;
      case 'gates':
        controller.toggleGates();
        return;
      case 'abort':
        controller.abort();
        return;
      case 'close':
        onClose();
        return;
      case 'quit':
        onQuit();
        return;
      default: {
        const unhandled: never = effect;
        throw new Error(`wizard effect ${JSON.stringify(unhandled)} not carried out`);
      }
    }
  };
  const dispatch = (command: WizardCommand): void => {
    const next = wizardInput(controller.state(), view, command, { planPage: layout.planPage });
    setView(next.view);
    for (const effect of next.effects) carryOut(effect);
  };

  useInput(
    (input, key) => {
      const command = commandFor(WIZARD_KEYS[state.phase], input, key);
      if (command) dispatch(command);
    },
    // While a question is open, its prompt takes the keys.
    { isActive: isRawModeSupported && pending === null },
  );

  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text {...theme.style('title')} wrap="truncate-end">
        {titleLine(state, model.cluster)}
      </Text>
      <CompactNodes model={model} width={width} />
      <RunStatus status={status} width={width} />
      <PhaseBody state={state} view={view} step={focusedStep(steps, view.selectedStep)} layout={layout} width={width} />
      {pending ? (
        <QuestionPrompt
          key={promptKey}
          pending={pending}
          width={width}
          height={layout.promptHeight}
          onInterrupt={() => dispatch('interrupt')}
        />
      ) : null}
      <Text dimColor wrap="truncate-end">
        {pending ? `answer the question above  ${hintsLine(INTERRUPT_KEYS)}` : hintsLine(WIZARD_KEYS[state.phase])}
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

/** The lines a gate needs (its commands, title, question, borders); other questions take the usual room. */
function promptLines(q: Question, width: number): number | undefined {
  switch (q.kind) {
    case 'confirm':
      return gateLines(q.q, width - 4).length + 6;
    case 'type-name':
      return commandLines(q.q.commands).length + 6;
    case 'failure':
    case 'wait-timeout':
    case 'manual':
    case 'unknown-outcome':
      return undefined;
    default: {
      const unhandled: never = q;
      return unhandled;
    }
  }
}
