// The verdict with its reasons. Split brain is not one reason among others: it takes the whole
// width in red and says what to do first (the finding's advice), before anything else.
import { Box, Text } from 'ink';
import type { VerdictModel } from '../dashboard-model.js';
import { useTheme, type Emphasis } from '../theme.js';
import { truncate, wrapText, plural } from '../../format/text.js';

export interface VerdictBarProps {
  verdict: VerdictModel;
  width: number;
  /** Lines it may take; findings beyond are counted, not shown. */
  maxLines: number;
}

export function verdictEmphasis(v: VerdictModel['verdict']): Emphasis {
  return v === 'critical' ? 'verdict-critical' : v === 'healthy' ? 'verdict-healthy' : v === 'waiting' ? 'muted' : 'verdict-degraded';
}

/** Lines the bar wants for this verdict at this width (before any limit). */
export function verdictLines(v: VerdictModel, width: number): number {
  return v.splitBrain ? splitBrainLines(v, width, Infinity).length : Math.max(1, v.findings.length);
}

/**
 * The split-brain band: the title, what to do first (never cut: it is the point), then each
 * split layer, as many as fit, then how many other findings there are.
 */
export function splitBrainLines(v: VerdictModel, width: number, maxLines: number): string[] {
  const w = Math.max(10, width - 2);
  const split = v.findings.filter((f) => f.advice !== null);
  const advice = [...new Set(split.map((f) => f.advice!))];
  const adviceLines = advice.flatMap((a) => wrapText(`DO FIRST: ${a}`, w).map((l, i) => (i === 0 ? l : `  ${l}`)));
  const layers = split.map((f) => truncate(`✗ ${f.message.replace(/^SPLIT BRAIN:\s*/, '')}`, w));
  const others = v.findings.length - split.length;
  const tail =
    others > 0
      ? [
          truncate(
            `+ ${plural(others, 'other finding')}: ${v.findings
              .filter((f) => f.advice === null)
              .map((f) => f.message)
              .join(' · ')}`,
            w,
          ),
        ]
      : [];
  const title = 'SPLIT BRAIN: more than one node acts as the primary';
  const room = Math.max(0, maxLines - 1 - adviceLines.length);
  const shownLayers =
    layers.length <= room
      ? layers
      : layers.slice(0, Math.max(0, room - 1)).concat(room > 0 ? [`✗ … ${layers.length - Math.max(0, room - 1)} more split layers`] : []);
  const afterLayers = Math.max(0, room - shownLayers.length);
  return [title, ...shownLayers, ...adviceLines, ...tail.slice(0, afterLayers)];
}

export function VerdictBar({ verdict, width, maxLines }: VerdictBarProps) {
  const theme = useTheme();
  if (verdict.splitBrain) return <SplitBrain verdict={verdict} width={width} maxLines={maxLines} />;
  const badge = ` ${verdict.title} `;
  const rest = width - badge.length - 1;
  const findings = verdict.findings;
  const lines = Math.max(1, Math.min(maxLines, findings.length));
  const shown = findings.length > lines ? findings.slice(0, lines - 1) : findings;
  const more = findings.length - shown.length;
  return (
    <Box flexDirection="column" width={width} height={lines} overflow="hidden">
      <Box>
        <Text {...theme.style(verdictEmphasis(verdict.verdict))}>{badge}</Text>
        <Text> </Text>
        {verdict.verdict === 'waiting' ? <Text dimColor>first probe round on both nodes…</Text> : null}
        {verdict.verdict === 'healthy' && findings.length === 0 ? <Text {...theme.style('ok')}>no findings</Text> : null}
        {shown[0] ? <Text {...theme.style(shown[0].tone)}>{truncate(`${shown[0].mark} ${shown[0].message}`, rest)}</Text> : null}
      </Box>
      {shown.slice(1).map((f, i) => (
        <Box key={i}>
          <Text>{' '.repeat(badge.length + 1)}</Text>
          <Text {...theme.style(f.tone)}>{truncate(`${f.mark} ${f.message}`, rest)}</Text>
        </Box>
      ))}
      {more > 0 ? (
        <Box>
          <Text>{' '.repeat(badge.length + 1)}</Text>
          <Text dimColor>{`+${more} more (v shows them all)`}</Text>
        </Box>
      ) : null}
    </Box>
  );
}

function SplitBrain({ verdict, width, maxLines }: VerdictBarProps) {
  const theme = useTheme();
  const style = theme.style('verdict-critical');
  const lines = splitBrainLines(verdict, width, maxLines);
  // Every line padded to the full width, so the red band spans the screen (and inverse does, in mono).
  return (
    <Box flexDirection="column" width={width}>
      {lines.map((l, i) => (
        <Text key={i} {...style} wrap="truncate-end">
          {` ${l}`.padEnd(width)}
        </Text>
      ))}
    </Box>
  );
}
