// What the site look found on the lab's nodes, from the raw outputs captured on each lab profile
// (test/fixtures/site/PROFILE-lab-a.txt, -lab-b.txt; capture.ts says how), and the plan's nodes
// decided from it, so unit tests plan procedures as a run on that site would.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { NodeFacts, NodeId } from '../../src/cluster/facts.js';
import type { ClusterDefinition } from '../../src/config/schema.js';
import { siteFactsFromOutput, type SiteFacts } from '../../src/probes/site-look.js';
import { decideSite, type SiteDecision } from '../../src/ops/site.js';
import type { NodeInfo } from '../../src/ops/template.js';

const DIR = path.join(import.meta.dirname, '../fixtures/site');
const NONCE = 'c0ffee5173f1x7ur3';

export function siteFixture(profile: string, def: ClusterDefinition): Record<NodeId, SiteFacts> {
  const one = (alias: string) => siteFactsFromOutput(readFileSync(path.join(DIR, `${profile}-${alias}.txt`), 'utf8'), NONCE, def);
  return { a: one('lab-a'), b: one('lab-b') };
}

export function decidedSite(
  profile: string,
  def: ClusterDefinition,
  nodes: Record<NodeId, NodeInfo>,
  roles: { primary: NodeId; standby: NodeId },
  opts: { facts?: Partial<Record<NodeId, NodeFacts>>; answering?: NodeId[] } = {},
): SiteDecision {
  const all = siteFixture(profile, def);
  const site: Partial<Record<NodeId, SiteFacts>> = {};
  for (const id of opts.answering ?? (['a', 'b'] as const)) site[id] = all[id];
  return decideSite({ def, nodes, roles, facts: opts.facts ?? {}, site, stamp: '20261202T000000Z' });
}
