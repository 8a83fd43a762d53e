// The shape of a probe component: what one component of a node is asked (its read-only section or
// sections) and how the answer is read (its pure parser in parse/), declared once in its own file
// under components/. components/index.ts lists them in the order their sections are printed.
import type { ClusterDefinition } from '../config/schema.js';
import type { ComponentFactFields, ComponentFacts, ComponentKey, Fact } from '../cluster/facts.js';
import type { Section } from './sections.js';
import type { ParseContext } from './parse/common.js';
import type { ClockReference } from './parse/host.js';
import type { SectionCommand } from './section-commands.js';

/** What a parser is told about the round beyond its own sections. */
export interface RoundContext extends ParseContext {
  /** Our clock and the node's around the round (the host's clock skew). */
  clock: ClockReference;
}

export interface ProbeComponent<K extends ComponentKey, S> {
  /** The NodeFacts field it fills (cluster/facts.ts, ComponentFacts). */
  facts: K;
  /**
   * Its own settings, read from the definition here and nowhere else in the component: undefined
   * when the definition does not list it (then no section runs and its field stays absent).
   */
  settings: (def: ClusterDefinition) => S | undefined;
  /**
   * Its section(s), each a shell function that only reads (section-commands.ts has the building
   * blocks; every value from the definition goes through transport/quote.ts). Section names are
   * unique in a round.
   */
  sections: (settings: S) => SectionCommand[];
  /** Pure: its own sections of the round (by name; a section that never came is absent) to its fact. */
  parse: (own: ReadonlyMap<string, Section>, settings: S, ctx: RoundContext) => Fact<ComponentFacts[K]>;
}

/** How the round reader runs a parser: a round with no output, or a parser that throws, costs one fact. */
export type ParseGuard = <T>(parse: () => Fact<T>) => Fact<T>;

/** A component with its settings type closed over, as the index holds it (defineProbe, alwaysProbed). */
export interface Probe<K extends ComponentKey = ComponentKey> {
  readonly facts: K;
  /** What it does for this definition, or null when the definition does not list it. */
  plan(def: ClusterDefinition): PlannedProbe<K> | null;
}

export interface PlannedProbe<K extends ComponentKey> {
  /** The NodeFacts field it fills. */
  facts: K;
  sections: SectionCommand[];
  /** Its fact from the round's sections; only its own sections reach its parser. */
  read(all: ReadonlyMap<string, Section>, ctx: RoundContext, guard: ParseGuard): Fact<ComponentFacts[K]>;
  /** read(), stored in its field. */
  collect(into: ComponentFactFields, all: ReadonlyMap<string, Section>, ctx: RoundContext, guard: ParseGuard): void;
}

/** A component probed whatever the definition says (host, lock): it has no settings. */
export interface AlwaysProbedComponent<K extends ComponentKey> {
  facts: K;
  sections: () => SectionCommand[];
  parse: (own: ReadonlyMap<string, Section>, ctx: RoundContext) => Fact<ComponentFacts[K]>;
}

export interface AlwaysProbe<K extends ComponentKey> extends Probe<K> {
  plan(def: ClusterDefinition): PlannedProbe<K>;
}

export function defineProbe<K extends ComponentKey, S>(component: ProbeComponent<K, S>): Probe<K> {
  return {
    facts: component.facts,
    plan(def) {
      const settings = component.settings(def);
      return settings === undefined ? null : planned(component, settings);
    },
  };
}

export function alwaysProbed<K extends ComponentKey>(component: AlwaysProbedComponent<K>): AlwaysProbe<K> {
  const plan = planned({ ...component, settings: () => null, parse: (own, _none, ctx) => component.parse(own, ctx) }, null);
  return { facts: component.facts, plan: () => plan };
}

function planned<K extends ComponentKey, S>(component: ProbeComponent<K, S>, settings: S): PlannedProbe<K> {
  const sections = component.sections(settings);
  const names = new Set(sections.map((s) => s.name));
  const read = (all: ReadonlyMap<string, Section>, ctx: RoundContext, guard: ParseGuard) =>
    guard(() => component.parse(new Map([...all].filter(([name]) => names.has(name))), settings, ctx));
  return {
    facts: component.facts,
    sections,
    read,
    collect(into, all, ctx, guard) {
      const fields: { [P in K]?: Fact<ComponentFacts[P]> } = into;
      fields[component.facts] = read(all, ctx, guard);
    },
  };
}

type Unprobed<L extends readonly Probe[]> = Exclude<ComponentKey, L[number]['facts']>;

/**
 * The index's list, checked by the type checker: host first (always probed, always present), and
 * every ComponentFacts field has its probe (a field added without one names itself in the error).
 */
export function probeList<const L extends readonly [AlwaysProbe<'host'>, ...Probe[]]>(
  list: L & ([Unprobed<L>] extends [never] ? unknown : { 'a ComponentFacts field has no probe': Unprobed<L> }),
): L {
  return list;
}
