// The site look's pacemaker section (site-look.ts): Pacemaker's own reading commands, as XML.
// Lines, TAB-separated:
//   absent                  no crm_mon on the node
//   node  NAME              `crm_node -n`: this node's name in the cluster (empty when unknown)
//   crm_mon  RC  BASE64     `crm_mon --output-as=xml`: nodes, resources and where they run, failures
//   cib  RC  BASE64         `cibadmin -Q`: the configuration (which resource carries which address,
//                           location constraints such as the cli-prefer one a move leaves)
// XML from a node is parsed with fast-xml-parser, entities off, and a DOCTYPE refused before
// parsing: Pacemaker never writes one, and one could declare entities that expand without end.
import { XMLParser } from 'fast-xml-parser';
import { known, unknown, type Fact } from '../../cluster/facts.js';
import type { PacemakerFailure, PacemakerNode, PacemakerResource, PacemakerStatus } from '../../cluster/facts/pacemaker.js';
import type { Section } from '../sections.js';
import { failed, lines, notInstalled, sectionProblem, unparsable, type ParseContext } from './common.js';

export type { PacemakerNode, PacemakerResource, PacemakerFailure, PacemakerStatus };

/** A primitive with an IP address (IPaddr2 and kin), as the configuration holds it. */
export interface AddressResource {
  id: string;
  ip: string;
  /** The group it is in (a move moves the group), or null. */
  group: string | null;
}

export interface LocationConstraint {
  id: string;
  rsc: string;
  node: string;
  score: string;
}

export interface PacemakerFacts extends PacemakerStatus {
  /** This node's name in the cluster (`crm_node -n`), or null. */
  localNode: string | null;
  addresses: AddressResource[];
  locations: LocationConstraint[];
}

const decode = (b64: string) => Buffer.from(b64, 'base64').toString('utf8');

class XmlRefused extends Error {}

type El = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  processEntities: false,
  parseAttributeValue: false,
  parseTagValue: false,
  // Every element a list: one resource or many read the same way.
  isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
});

function parseXml(text: string, what: string): El {
  if (/<!DOCTYPE/i.test(text)) throw new XmlRefused(`${what} holds a DOCTYPE, which Pacemaker never writes: not read`);
  try {
    return parser.parse(text) as El;
  } catch (e) {
    throw new XmlRefused(`${what} is not XML: ${e instanceof Error ? e.message : String(e)}`);
  }
}

const list = (el: unknown, name: string): El[] =>
  el && typeof el === 'object' ? (((el as El)[name] as El[] | undefined) ?? []).filter((x) => typeof x === 'object') : [];
const first = (el: unknown, ...path: string[]): El | undefined => {
  let cur: unknown = el;
  for (const p of path) cur = list(cur, p)[0];
  return cur as El | undefined;
};
const str = (el: El, name: string): string => (typeof el[name] === 'string' ? (el[name] as string) : '');
const bool = (el: El, name: string): boolean => el[name] === 'true';

export function parsePacemaker(section: Section | undefined, ctx: ParseContext): Fact<PacemakerFacts> {
  const problem = sectionProblem(section, ctx);
  if (problem) return problem;
  const s = section!;
  if (s.exitCode !== 0) return failed(s, 'reading Pacemaker');
  const all = lines(s.stdout);
  if (all.length === 1 && all[0] === 'absent') return unknown('Pacemaker is not installed (no crm_mon)', 'not-installed');
  let localNode: string | null = null;
  let mon: string | null = null;
  let cib: string | null = null;
  for (const line of all) {
    const f = line.split('\t');
    if (f[0] === 'node') localNode = f[1] || null;
    else if (f[0] === 'crm_mon' || f[0] === 'cib') {
      if (f.length !== 3) return unparsable(`a ${f[0]} line with ${f.length} fields`);
      const text = decode(f[2]!);
      if (f[1] !== '0') {
        return unknown(
          `${f[0] === 'crm_mon' ? 'crm_mon' : 'cibadmin -Q'} failed (exit ${f[1]}): ${text.trim().split('\n')[0]?.slice(0, 200) ?? ''}`,
          'failed',
        );
      }
      if (f[0] === 'crm_mon') mon = text;
      else cib = text;
    } else return unparsable(`a line starting "${(f[0] ?? '').slice(0, 40)}"`);
  }
  if (mon === null || cib === null) return unparsable('crm_mon or cibadmin output missing');
  try {
    return known({ localNode, ...readCrmMon(mon), ...readCib(cib) });
  } catch (e) {
    if (e instanceof XmlRefused) return unparsable(e.message);
    throw e;
  }
}

/**
 * The status probe's pacemaker section (components/pacemaker.ts): the XML `crm_mon --output-as=xml`
 * printed, as it is. crm_mon exits non-zero when it cannot reach the cluster (Pacemaker stopped:
 * 102, "Not connected") and says why in the XML's status element.
 */
export function parsePacemakerStatus(section: Section | undefined, ctx: ParseContext): Fact<PacemakerStatus> {
  const problem = sectionProblem(section, ctx);
  if (problem) return problem;
  const s = section!;
  const missing = notInstalled(s);
  if (missing) return missing;
  if (s.exitCode !== 0) {
    const said = crmMonStatusMessage(s.stdout);
    return said ? unknown(`crm_mon failed (exit ${s.exitCode ?? '?'}): ${said}`, 'failed') : failed(s, 'crm_mon');
  }
  try {
    return known(readCrmMon(s.stdout));
  } catch (e) {
    if (e instanceof XmlRefused) return unparsable(e.message);
    throw e;
  }
}

/** The message of crm_mon's `<status code=.. message=..>`, or null. */
function crmMonStatusMessage(text: string): string | null {
  try {
    const status = first(first(parseXml(text, 'crm_mon output'), 'pacemaker-result'), 'status');
    if (!status) return null;
    return str(status, 'message').slice(0, 300) || null;
  } catch {
    return null;
  }
}

/** `crm_mon --output-as=xml` (Pacemaker 2.x): nodes, resources, failures. */
export function readCrmMon(text: string): PacemakerStatus {
  const root = first(parseXml(text, 'crm_mon output'), 'pacemaker-result');
  if (!root) throw new XmlRefused('crm_mon output has no pacemaker-result element');
  const nodes = list(first(root, 'nodes'), 'node').map((n) => ({
    name: str(n, 'name'),
    online: bool(n, 'online'),
    standby: bool(n, 'standby'),
    maintenance: bool(n, 'maintenance'),
    unclean: bool(n, 'unclean'),
  }));
  const resources: PacemakerResource[] = [];
  const walk = (el: El | undefined) => {
    for (const r of list(el, 'resource')) {
      resources.push({
        id: str(r, 'id'),
        agent: str(r, 'resource_agent'),
        role: str(r, 'role'),
        active: bool(r, 'active'),
        managed: bool(r, 'managed'),
        failed: bool(r, 'failed'),
        nodes: list(r, 'node').map((n) => str(n, 'name')),
      });
    }
    for (const g of [...list(el, 'group'), ...list(el, 'clone'), ...list(el, 'bundle')]) walk(g);
  };
  walk(first(root, 'resources'));
  const failures = list(first(root, 'failures'), 'failure').map((f) => ({
    opKey: str(f, 'op_key'),
    node: str(f, 'node'),
    status: str(f, 'status'),
    exitReason: str(f, 'exitreason'),
  }));
  return { nodes, resources, failures };
}

/** `cibadmin -Q`: the primitives that carry an address, and the location constraints. */
export function readCib(text: string): Pick<PacemakerFacts, 'addresses' | 'locations'> {
  const cib = first(parseXml(text, 'the CIB'), 'cib');
  if (!cib) throw new XmlRefused('the CIB has no cib element');
  const conf = first(cib, 'configuration');
  const addresses: AddressResource[] = [];
  const primitive = (p: El, group: string | null) => {
    const nv = list(p, 'instance_attributes').flatMap((a) => list(a, 'nvpair'));
    const ip = nv.find((x) => str(x, 'name') === 'ip');
    if (ip) addresses.push({ id: str(p, 'id'), ip: str(ip, 'value'), group });
  };
  const res = first(conf, 'resources');
  for (const p of list(res, 'primitive')) primitive(p, null);
  for (const g of list(res, 'group')) for (const p of list(g, 'primitive')) primitive(p, str(g, 'id'));
  const locations = list(first(conf, 'constraints'), 'rsc_location')
    .filter((l) => str(l, 'node') !== '')
    .map((l) => ({ id: str(l, 'id'), rsc: str(l, 'rsc'), node: str(l, 'node'), score: str(l, 'score') }));
  return { addresses, locations };
}
