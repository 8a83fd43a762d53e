// Runs that can be resumed where their journal says they stopped: killed ones (their hapilot died;
// the lock may still be held and automation paused) and incomplete ones (they stopped themselves at
// a declined gate or Ctrl-C, and go on only if the cluster is as they left it). Each says which.
import { Box, Text } from 'ink';
import type { ResumableRunInfo } from '../console/wizard-entry.js';
import { visibleLine } from '../../format/visible.js';
import { useTheme } from '../theme.js';

export interface ResumeOfferProps {
  runs: readonly ResumableRunInfo[];
  selected: number;
  error: string | null;
  width: number;
  height: number;
}

const KIND_LABEL: Record<ResumableRunInfo['kind'], string> = { killed: 'killed', incomplete: 'incomplete' };

export function ResumeOffer({ runs, selected, error, width, height }: ResumeOfferProps) {
  const theme = useTheme();
  const kinds = new Set(runs.map((r) => r.kind));
  const s = runs.length === 1 ? '' : 's';
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text {...theme.style('warn')} wrap="wrap">
        {`Run${s} of this cluster that did not finish and can be resumed:`}
      </Text>
      {kinds.has('killed') ? (
        <Text wrap="wrap">{'  killed: its hapilot is gone; the cluster lock may still be held and automation paused.'}</Text>
      ) : null}
      {kinds.has('incomplete') ? (
        <Text wrap="wrap">
          {
            '  incomplete: it stopped itself (a declined gate, Ctrl-C) and released the lock; it goes on only if the cluster is as it left it.'
          }
        </Text>
      ) : null}
      {error ? (
        <Text {...theme.style('bad')} wrap="wrap">
          {error}
        </Text>
      ) : null}
      {runs.map((r, i) => (
        <Box key={r.runId} flexDirection="column">
          <Text inverse={i === selected} wrap="truncate-end">
            {` ${r.procedure.padEnd(12)} ${KIND_LABEL[r.kind].padEnd(10)} started ${clock(r.startedAt)} by ${r.operator} · ${r.steps.done}/${r.steps.total} steps done · ${r.runId} `}
          </Text>
          {r.stopped ? (
            // The reason may quote a node (a command's stderr): shown, never obeyed.
            <Text dimColor wrap="truncate-end">{`   stopped ${clock(r.stopped.at)}: ${visibleLine(r.stopped.why)}`}</Text>
          ) : null}
        </Box>
      ))}
      <Text dimColor>Resuming shows the plan first; steps that may or may not have run are checked again, never assumed.</Text>
    </Box>
  );
}

function clock(iso: string): string {
  return iso.replace('T', ' ').slice(0, 19);
}
