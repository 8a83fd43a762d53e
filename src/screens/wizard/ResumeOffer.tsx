// Runs a hapilot that died left unfinished (lock possibly still held, automation possibly
// paused): offered for resuming where the journal says they stopped.
import { Box, Text } from 'ink';
import type { UnfinishedRunInfo } from '../console/wizard-entry.js';
import { useTheme } from '../theme.js';

export interface ResumeOfferProps {
  runs: readonly UnfinishedRunInfo[];
  selected: number;
  error: string | null;
  width: number;
  height: number;
}

export function ResumeOffer({ runs, selected, error, width, height }: ResumeOfferProps) {
  const theme = useTheme();
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text {...theme.style('warn')} wrap="wrap">
        {`Unfinished run${runs.length === 1 ? '' : 's'} of this cluster whose hapilot is gone: the cluster lock may still be held and automation paused.`}
      </Text>
      {error ? (
        <Text {...theme.style('bad')} wrap="wrap">
          {error}
        </Text>
      ) : null}
      {runs.map((r, i) => (
        <Text key={r.runId} inverse={i === selected} wrap="truncate-end">
          {` ${r.procedure.padEnd(12)} started ${r.startedAt.replace('T', ' ').slice(0, 19)} by ${r.operator} · ${r.steps.done}/${r.steps.total} steps done · ${r.runId} `}
        </Text>
      ))}
      <Text dimColor>Resuming shows the plan first; steps that may or may not have run are checked again, never assumed.</Text>
    </Box>
  );
}
