// The run's status lines under the compact nodes, from run-status.ts: what it is doing now, how it
// ended (in the verdict's colours) and its journal, the preflight checks that refused, a warning.
import { Text } from 'ink';
import { useTheme } from '../theme.js';
import type { RunStatus as RunStatusModel } from './run-status.js';

export interface RunStatusProps {
  status: RunStatusModel;
  width: number;
}

export function RunStatus({ status, width }: RunStatusProps) {
  const theme = useTheme();
  const { activity, outcome, preflightFails, warning } = status;
  return (
    <>
      {activity ? (
        <Text {...theme.style(activity.aborting ? 'bad' : 'warn')} wrap="truncate-end">
          {`▶ ${activity.text}`}
        </Text>
      ) : null}
      {outcome ? (
        <>
          {outcome.lines.map((l, i) => (
            <Text key={i} {...theme.style(outcome.emphasis)}>
              {l.padEnd(width)}
            </Text>
          ))}
          <Text dimColor wrap="truncate-end">{`journal: ${outcome.journal}`}</Text>
        </>
      ) : null}
      {preflightFails.map((l, i) => (
        <Text key={`p${i}`} {...theme.style('bad')} wrap="truncate-end">
          {l}
        </Text>
      ))}
      {warning ? (
        <Text {...theme.style('warn')} wrap="truncate-end">
          {warning}
        </Text>
      ) : null}
    </>
  );
}
