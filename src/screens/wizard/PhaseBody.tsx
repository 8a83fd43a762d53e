// The wizard's own area for each phase: the unfinished runs, the procedure list, a wait while the
// plan is built, the plan, or the run's steps beside (or above) the selected step's output.
import { Box, Text } from 'ink';
import type { WizardState } from './wizard-controller.js';
import type { WizardView } from './wizard-input.js';
import type { WizardLayout } from './wizard-layout.js';
import { ProcedurePicker } from './ProcedurePicker.js';
import { ResumeOffer } from './ResumeOffer.js';
import { PlanView } from './PlanView.js';
import { StepList } from './StepList.js';
import { StepOutput } from './StepOutput.js';

export interface PhaseBodyProps {
  state: WizardState;
  view: WizardView;
  /** The step shown (focusedStep). */
  step: number;
  layout: WizardLayout;
  width: number;
}

export function PhaseBody({ state, view, step, layout, width }: PhaseBodyProps) {
  const height = layout.mainHeight;
  switch (state.phase) {
    case 'resume-offer':
      return <ResumeOffer runs={state.runs} selected={view.cursor} error={state.error} width={width} height={height} />;
    case 'pick':
      return <ProcedurePicker procedures={state.procedures} selected={view.cursor} error={state.error} width={width} height={height} />;
    case 'preparing':
      return (
        <Box height={height}>
          <Text dimColor>
            {state.resumeOf
              ? `reading the journal of ${state.resumeOf} and looking at the cluster…`
              : 'one probe round on both nodes, then the plan…'}
          </Text>
        </Box>
      );
    case 'plan':
      return (
        <PlanView
          lines={state.lines}
          top={view.top}
          width={width}
          height={height}
          resume={state.resumeOf ? { runId: state.resumeOf, nextStep: state.nextStep } : null}
          gates={state.gates}
        />
      );
    case 'running':
    case 'ended': {
      const steps = state.view.steps;
      const { side, list, output } = layout;
      return (
        <Box flexDirection={side ? 'row' : 'column'} height={height} overflow="hidden">
          <StepList steps={steps} selected={step} width={list.width} height={list.height} />
          <Box marginLeft={side ? 1 : 0} flexGrow={1}>
            <StepOutput step={steps[step]} width={output.width} height={output.height} />
          </Box>
        </Box>
      );
    }
    default: {
      const unhandled: never = state;
      throw new Error(`wizard phase ${JSON.stringify(unhandled)} has no screen`);
    }
  }
}
