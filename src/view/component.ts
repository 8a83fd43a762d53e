// The shape of a rows component: how one component's fact reads as rows, declared once in its own
// file under rows/. rows/index.ts lists them in the order they are shown.
import type { ClusterDefinition } from '../config/schema.js';
import type { ComponentFactFields, ComponentFacts, ComponentKey, Fact, NodeFacts } from '../cluster/facts.js';
import type { Row } from './row.js';
import { formatClock } from '../format/units.js';

export interface RowsComponent<K extends ComponentKey, S> {
  /** The NodeFacts field it shows (cluster/facts.ts, ComponentFacts). */
  facts: K;
  /**
   * What it reads from the definition (its own settings, a threshold), here and nowhere else in the
   * component: undefined when the definition does not list it (then it shows nothing).
   */
  settings: (def: ClusterDefinition) => S | undefined;
  /** Its rows: known or unknown, never a guess. `node` is there for the few that compare with another component. */
  rows: (fact: Fact<ComponentFacts[K]>, settings: S, node: NodeFacts) => Row[];
}

/** A component shown whenever its fact is present (host, lock): it reads nothing from the definition. */
export interface AlwaysShownComponent<K extends ComponentKey> {
  facts: K;
  rows: (fact: Fact<ComponentFacts[K]>) => Row[];
}

/** A component with its settings type closed over, as the index holds it. */
export interface Rows<K extends ComponentKey = ComponentKey> {
  readonly facts: K;
  /** Its rows for this node, none when the definition does not list it or the fact is absent. */
  rowsOf(node: NodeFacts, def: ClusterDefinition): Row[];
}

export function defineRows<K extends ComponentKey, S>(component: RowsComponent<K, S>): Rows<K> {
  return {
    facts: component.facts,
    rowsOf(node, def) {
      const settings = component.settings(def);
      const all: ComponentFactFields = node;
      const fields: { [P in K]?: Fact<ComponentFacts[P]> } = all;
      const fact = fields[component.facts];
      if (settings === undefined || fact === undefined) return [];
      return withAge(component.rows(fact, settings, node), node.asOf?.[component.facts]);
    },
  };
}

export function alwaysShown<K extends ComponentKey>(component: AlwaysShownComponent<K>): Rows<K> {
  return defineRows({ facts: component.facts, settings: () => null, rows: (fact) => component.rows(fact) });
}

/**
 * Data older than the round it is shown with (a slow section, asked for at its own period: see
 * probes/session.ts) says when it was collected, on the component's first row.
 */
function withAge(rows: Row[], asOf: string | undefined): Row[] {
  const first = rows[0];
  if (!asOf || !first) return rows;
  return [{ ...first, text: `${first.text} (as of ${formatClock(Date.parse(asOf))})` }, ...rows.slice(1)];
}

type Unshown<L extends readonly Rows[]> = Exclude<ComponentKey, L[number]['facts']>;

/** The index's list, checked by the type checker: every ComponentFacts field is shown (a field added without rows names itself in the error). */
export function rowsList<const L extends readonly Rows[]>(
  list: L & ([Unshown<L>] extends [never] ? unknown : { 'a ComponentFacts field has no rows': Unshown<L> }),
): L {
  return list;
}
