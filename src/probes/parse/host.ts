// host section: "hostname NAME", "uptime <proc/uptime>", "loadavg <proc/loadavg>", "clock <ns>".
// Clock skew compares the node's clock with ours. The round's own start and end on the node's
// clock (the "round" section) let us leave out the time the sections took: what is left of the
// round trip is transport, assumed to split evenly both ways (as NTP does).
import { known, type Fact, type HostFacts } from '../../cluster/facts.js';
import type { Section } from '../sections.js';
import { decimalOrNull, failed, lines, nsToMs, sectionProblem, unparsable, type ParseContext } from './common.js';

export interface ClockReference {
  /** Our clock when the round was sent and when its output had arrived (ms since the epoch). */
  sentAtMs: number;
  receivedAtMs: number;
  /** The node's clock when the round started and ended (from the "round" section), if known. */
  nodeStartMs: number | null;
  nodeEndMs: number | null;
}

export function parseHost(section: Section | undefined, ctx: ParseContext, clock: ClockReference): Fact<HostFacts> {
  const problem = sectionProblem(section, ctx);
  if (problem) return problem;
  const s = section!;
  if (s.exitCode !== 0) return failed(s, 'host probe');
  const fields = new Map<string, string>();
  for (const line of lines(s.stdout)) {
    const sp = line.indexOf(' ');
    if (sp > 0) fields.set(line.slice(0, sp), line.slice(sp + 1).trim());
  }
  const hostname = fields.get('hostname');
  if (!hostname) return unparsable('no hostname');
  const uptimeSeconds = decimalOrNull(fields.get('uptime')?.split(/\s+/)[0]);
  if (uptimeSeconds === null) return unparsable(`uptime ${JSON.stringify(fields.get('uptime') ?? '')}`);
  const loadParts = (fields.get('loadavg') ?? '')
    .split(/\s+/)
    .slice(0, 3)
    .map((x) => decimalOrNull(x));
  const [l1, l5, l15] = loadParts;
  if (l1 == null || l5 == null || l15 == null) return unparsable(`loadavg ${JSON.stringify(fields.get('loadavg') ?? '')}`);
  const clockMs = nsToMs(fields.get('clock') ?? '');
  if (clockMs === null) return unparsable(`clock ${JSON.stringify(fields.get('clock') ?? '')} (expected date +%s%N)`);
  return known({ hostname, uptimeSeconds, load: [l1, l5, l15], clockMs: Math.round(clockMs), clockSkewMs: clockSkew(clockMs, clock) });
}

/** Node clock minus ours (ms). */
export function clockSkew(nodeClockMs: number, c: ClockReference): number {
  const rtt = c.receivedAtMs - c.sentAtMs;
  if (c.nodeStartMs !== null && c.nodeEndMs !== null && c.nodeEndMs >= c.nodeStartMs) {
    // Transport time outside the node's round, half of it before the round started.
    const transport = Math.max(0, rtt - (c.nodeEndMs - c.nodeStartMs));
    const ourTimeAtNodeStart = c.sentAtMs + transport / 2;
    // The host section read its clock a moment after the round started; both are node time.
    return Math.round(c.nodeStartMs - ourTimeAtNodeStart);
  }
  return Math.round(nodeClockMs - (c.sentAtMs + rtt / 2));
}

/** The "round" section: "start NS" and "end NS" on the node's clock. */
export function parseRound(section: Section | undefined): { startMs: number; endMs: number } | null {
  if (!section?.complete) return null;
  const get = (k: string) =>
    lines(section.stdout)
      .find((l) => l.startsWith(`${k} `))
      ?.slice(k.length + 1) ?? '';
  const startMs = nsToMs(get('start'));
  const endMs = nsToMs(get('end'));
  return startMs === null || endMs === null ? null : { startMs, endMs };
}
