// The probes layer: one read-only script per node and round, split into sections, parsed into facts.
export { buildProbeScript, plannedSections } from './script.js';
export { splitSections, type Section } from './sections.js';
export { factsFromOutput, type RoundTiming, type ScriptOutcome } from './node-facts.js';
export { probeNode, probeBoth, probeCommand, roundTimeoutMs, newNonce, type ProbeOptions, type NodeProbeResult } from './round.js';
