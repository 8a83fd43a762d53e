// Loads the probe fixtures captured from the lab (test/fixtures/probes, see its README).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { splitSections, type Section } from '../../../src/probes/sections.js';
import { factsFromOutput } from '../../../src/probes/node-facts.js';
import type { ParseContext } from '../../../src/probes/parse/common.js';
import type { CaptureMeta } from '../../fixtures/probes/capture.js';
import type { NodeFacts } from '../../../src/cluster/facts.js';

export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/probes');

export interface Capture {
  meta: CaptureMeta;
  output: string;
  sections: Map<string, Section>;
  section(name: string): Section;
  ctx: ParseContext;
  facts(): NodeFacts;
}

export function capture(name: string): Capture {
  const output = readFileSync(path.join(FIXTURES, 'rounds', `${name}.out`), 'utf8');
  const meta = JSON.parse(readFileSync(path.join(FIXTURES, 'rounds', `${name}.json`), 'utf8')) as CaptureMeta;
  const sections = splitSections(output, meta.nonce);
  return {
    meta,
    output,
    sections,
    section(n) {
      const s = sections.get(n);
      if (!s) throw new Error(`fixture ${name} has no section ${n}`);
      return s;
    },
    ctx: { sectionTimeout: meta.definition.probe.section_timeout },
    facts: () =>
      factsFromOutput(output, meta.nonce, meta.definition, meta.node, meta.node === 'a' ? 'lab-a' : 'lab-b', {
        sentAtMs: meta.sentAtMs,
        receivedAtMs: meta.receivedAtMs,
      }),
  };
}

export function fixtureText(rel: string): string {
  return readFileSync(path.join(FIXTURES, rel), 'utf8');
}

/** A section as the script would print it, for the paths no lab state can produce. */
export function section(name: string, stdout: string, stderr = '', exitCode: number | null = 0): Section {
  return { name, stdout, stderr, exitCode, timedOut: exitCode === 124 || exitCode === 137, complete: true };
}

export const CTX: ParseContext = { sectionTimeout: 5 };
