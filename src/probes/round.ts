// A probe round: ONE exec per node (the whole script on stdin of `bash -s`), both nodes at once.
// A TransportError (not connected, timed out, connection lost) propagates: the caller turns it
// into "unreachable". A script that exits non-zero still has its sections parsed.
import { randomBytes } from 'node:crypto';
import type { ClusterDefinition } from '../config/schema.js';
import type { NodeFacts, NodeId } from '../cluster/facts.js';
import type { CommandRunner, RemoteCommand } from '../transport/types.js';
import { buildProbeScript, SECTION_KILL_AFTER } from './script.js';
import { factsFromOutput } from './node-facts.js';

/** Time the node gets beyond the section timeout: kill grace, bash start-up, output transfer. */
export const ROUND_MARGIN_MS = 4000;

export interface ProbeOptions {
  /** Fixed nonce (tests); a random one per round otherwise. */
  nonce?: string;
  /** Our clock (tests). */
  now?: () => number;
  /** Called once, when the node's first output arrives: it is answering (the script's first line). */
  onAnswer?: () => void;
}

export function newNonce(): string {
  return randomBytes(12).toString('hex');
}

/** The command a round sends; exported so callers and tests see exactly what goes out. */
export function probeCommand(def: ClusterDefinition, node: NodeId, nonce: string): RemoteCommand {
  return { kind: 'probe', label: 'probe round', text: 'bash -s', stdin: buildProbeScript(def, node, nonce) };
}

export function roundTimeoutMs(def: ClusterDefinition): number {
  return Math.ceil((def.probe.section_timeout + SECTION_KILL_AFTER) * 1000) + ROUND_MARGIN_MS;
}

export async function probeNode(
  runner: CommandRunner,
  def: ClusterDefinition,
  node: NodeId,
  name: string,
  opts: ProbeOptions = {},
): Promise<NodeFacts> {
  const nonce = opts.nonce ?? newNonce();
  const now = opts.now ?? Date.now;
  const cmd = probeCommand(def, node, nonce);
  const sentAtMs = now();
  let answered = false;
  const onStdout = opts.onAnswer
    ? () => {
        if (answered) return;
        answered = true;
        opts.onAnswer?.();
      }
    : undefined;
  const result = await runner.exec(cmd, { timeoutMs: roundTimeoutMs(def), ...(onStdout ? { onStdout } : {}) });
  const receivedAtMs = now();
  return factsFromOutput(
    result.stdout,
    nonce,
    def,
    node,
    name,
    { sentAtMs, receivedAtMs },
    { exitCode: result.exitCode, stderr: result.stderr },
  );
}

export type NodeProbeResult = PromiseSettledResult<NodeFacts>;

/** Both nodes in parallel; each result is the node's facts or why its round failed. */
export async function probeBoth(runners: Record<NodeId, CommandRunner>, def: ClusterDefinition): Promise<Record<NodeId, NodeProbeResult>> {
  const [a, b] = await Promise.allSettled([probeNode(runners.a, def, 'a', runners.a.name), probeNode(runners.b, def, 'b', runners.b.name)]);
  return { a: a!, b: b! };
}
