// The wizard's screen divided, from the terminal's size and what is on it: the title, both nodes
// in three lines, the run's status lines, the phase's own area, an open question, the hints line.
// Pure arithmetic, tested without Ink.

/** The title line, the compact nodes (CompactNodes.tsx) and the hints line. */
const TITLE_LINES = 1;
const COMPACT_NODES_LINES = 3;
const HINTS_LINES = 1;
/** At this width the steps and the selected step's output stand side by side. */
const SIDE_BY_SIDE_COLUMNS = 100;

export interface WizardLayout {
  promptHeight: number;
  /** The phase's own area: the list, the plan, or the steps with their output. */
  mainHeight: number;
  /** Lines PgUp and PgDn move the plan by. */
  planPage: number;
  /** The steps beside their output (a wide terminal), or above it. */
  side: boolean;
  list: { width: number; height: number };
  output: { width: number; height: number };
}

export interface WizardLayoutInput {
  width: number;
  height: number;
  /** Lines of the run's status (RunStatus.tsx). */
  statusLines: number;
  /** A question of the run is open. */
  prompt: boolean;
  /** Lines the open question needs, borders included, when it knows: its box is no taller. */
  promptLines?: number;
  steps: number;
  /** The longest step title, in columns: the list is as wide as it needs, up to half the screen. */
  longestTitle?: number;
}

/** Mark, number and state columns around a step's title in the list (StepList.tsx). */
const STEP_ROW_EXTRA = 2 + 4 + 2 + 8;

export function wizardLayout({ width, height, statusLines, prompt, promptLines, steps, longestTitle }: WizardLayoutInput): WizardLayout {
  // At most half the screen (the steps stay in view; a longer gate scrolls), and no taller than
  // what it shows: a short gate leaves the step list its room instead of blank lines.
  const most = Math.min(Math.max(8, Math.floor(height / 2)), height - 8);
  const promptHeight = prompt ? Math.max(1, Math.min(most, promptLines ?? most)) : 0;
  const fixed = TITLE_LINES + COMPACT_NODES_LINES + HINTS_LINES + promptHeight + statusLines;
  const mainHeight = Math.max(3, height - fixed);
  const side = width >= SIDE_BY_SIDE_COLUMNS;
  const listWidth = !side
    ? width
    : longestTitle === undefined
      ? Math.min(60, Math.floor(width * 0.45))
      : Math.min(Math.max(40, longestTitle + STEP_ROW_EXTRA), Math.floor(width / 2));
  const listHeight = side ? mainHeight : Math.min(steps, Math.max(3, Math.floor(mainHeight / 2)));
  return {
    promptHeight,
    mainHeight,
    planPage: Math.max(1, height - 6),
    side,
    list: { width: listWidth, height: listHeight },
    output: { width: side ? width - listWidth - 1 : width, height: side ? mainHeight : mainHeight - listHeight },
  };
}
