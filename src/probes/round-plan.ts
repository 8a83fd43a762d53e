// What a probe round runs for a cluster definition: the components it lists (components/index.ts),
// in the index's order, host first. The script builder takes their sections from here and the
// round reader their parsers, so the two cannot disagree.
import type { ClusterDefinition } from '../config/schema.js';
import type { ComponentKey } from '../cluster/facts.js';
import type { PlannedProbe } from './component.js';
import type { SectionCommand } from './section-commands.js';
import { probes } from './components/index.js';

export interface RoundPlan {
  host: PlannedProbe<'host'>;
  /** The other components the definition lists, in order. */
  others: PlannedProbe<ComponentKey>[];
}

export function planRound(def: ClusterDefinition): RoundPlan {
  const [host, ...others] = probes;
  return { host: host.plan(def), others: others.flatMap((p) => p.plan(def) ?? []) };
}

/** The sections for a cluster definition, in the order they are printed. host always comes first. */
export function sectionCommands(def: ClusterDefinition): SectionCommand[] {
  const plan = planRound(def);
  return [plan.host, ...plan.others].flatMap((p) => p.sections);
}
