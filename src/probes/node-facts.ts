// Hands the sections of one round's output to their components' parsers: text in, NodeFacts out. Pure.
// Components the definition does not list stay absent; listed ones are always present, known or
// unknown with a reason.
import type { ClusterDefinition } from '../config/schema.js';
import { unknown, type NodeFacts, type NodeId } from '../cluster/facts.js';
import { splitSections, type Section } from './sections.js';
import { ROUND_SECTION } from './script.js';
import { planRound } from './round-plan.js';
import type { ParseGuard, RoundContext } from './component.js';
import { firstLine, truncate } from '../format/text.js';
import { parseRound } from './parse/host.js';
import { errorMessage } from '../format/error-message.js';

export interface RoundTiming {
  /** Our clock when the round was sent and when its output had all arrived (ms since the epoch). */
  sentAtMs: number;
  receivedAtMs: number;
}

/** How the script itself ended, to explain a round that returned nothing. */
export interface ScriptOutcome {
  exitCode: number | null;
  stderr: string;
}

export function factsFromOutput(
  output: string,
  nonce: string,
  def: ClusterDefinition,
  node: NodeId,
  name: string,
  timing: RoundTiming,
  script?: ScriptOutcome,
): NodeFacts {
  return factsFromSections(splitSections(output, nonce), def, node, name, timing, script);
}

/** factsFromOutput once the output is split (the persistent session merges in older sections). */
export function factsFromSections(
  sections: ReadonlyMap<string, Section>,
  def: ClusterDefinition,
  node: NodeId,
  name: string,
  timing: RoundTiming,
  script?: ScriptOutcome,
): NodeFacts {
  const round = parseRound(sections.get(ROUND_SECTION));
  const ctx: RoundContext = {
    sectionTimeout: def.probe.section_timeout,
    clock: {
      sentAtMs: timing.sentAtMs,
      receivedAtMs: timing.receivedAtMs,
      nodeStartMs: round?.startMs ?? null,
      nodeEndMs: round?.endMs ?? null,
    },
  };

  // When the script returned no section at all, every fact gets the script's own reason.
  const nothing = sections.size === 0 ? unknown(scriptReason(script), 'no-output') : null;
  const guard: ParseGuard = (parse) => {
    if (nothing) return nothing;
    try {
      return parse();
    } catch (e) {
      // Parsers do not throw; if one ever does, it costs one fact, not the round.
      return unknown(`output did not parse: ${errorMessage(e)}`, 'unparsable');
    }
  };

  // Each component reads its own sections (probes/components/), in the index's order.
  const plan = planRound(def);
  const facts: NodeFacts = {
    node,
    name,
    collectedAt: new Date(timing.receivedAtMs).toISOString(),
    roundTripMs: Math.round(timing.receivedAtMs - timing.sentAtMs),
    host: plan.host.read(sections, ctx, guard),
  };
  for (const component of plan.others) component.collect(facts, sections, ctx, guard);
  return facts;
}

function scriptReason(script: ScriptOutcome | undefined): string {
  if (!script) return 'the probe round returned no sections';
  const said = truncate(firstLine(script.stderr), 200);
  const status = script.exitCode === null ? 'no exit status' : `exit ${script.exitCode}`;
  return `the probe script returned no sections (${status}${said ? `: ${said}` : ''})`;
}
