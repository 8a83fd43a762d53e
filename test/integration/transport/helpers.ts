// Shared by the transport's lab tests: scratch ssh_config / known_hosts files built from the
// lab's own, connections made the way hapilot makes them, and ways to look at a node from inside.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { LAB, inNode, shq, type LabNode } from '../../support/lab.js';
import { CommandLog } from '../../../src/transport/command-log.js';
import { NodeConnection, type NodeConnectionOptions } from '../../../src/transport/connection.js';
import { resolveSshTarget } from '../../../src/transport/ssh-config.js';
import { TransportError } from '../../../src/transport/types.js';
import { scratch as makeScratch, type Scratch } from '../../support/scratch.js';

export const scratch = (): Scratch => makeScratch('hapilot-transport-');
export type { Scratch };

/** An ssh_config with the lab's Host lines and credentials, and the given extra settings per host. */
export function sshConfig(hosts: { name: string; hostname: string; lines?: string[] }[], common: string[]): string {
  return [
    ...hosts.flatMap((h) => [`Host ${h.name}`, `  HostName ${h.hostname}`, ...(h.lines ?? []).map((l) => `  ${l}`)]),
    'Host *',
    ...common.map((l) => `  ${l}`),
    '',
  ].join('\n');
}

/** The lab's login settings, with the known_hosts file and strictness given. */
export function labCommon(knownHosts: string, strict: 'yes' | 'ask' = 'yes', identity: string | null = LAB.identity): string[] {
  return [
    'User root',
    ...(identity ? [`IdentityFile ${identity}`, 'IdentitiesOnly yes'] : []),
    `UserKnownHostsFile ${knownHosts}`,
    'GlobalKnownHostsFile /dev/null',
    `StrictHostKeyChecking ${strict}`,
    'ConnectTimeout 5',
    'LogLevel ERROR',
  ];
}

/** The lab's known_hosts lines for a node, optionally relabelled for another host. */
export function labKnownHostsLines(node: 'a' | 'b', opts: { as?: string; type?: string } = {}): string[] {
  return readFileSync(LAB.knownHosts, 'utf8')
    .split('\n')
    .filter((l) => l.startsWith(`lab-${node},`))
    .filter((l) => !opts.type || l.split(' ')[1] === opts.type)
    .map((l) => (opts.as ? l.replace(/^\S+/, opts.as) : l));
}

/** A node's real host key fingerprint, as ssh-keygen prints it (read from the node's files). */
export async function labHostKeyFingerprint(node: LabNode, type = 'ed25519'): Promise<string> {
  const pub = path.join(LAB.state, 'nodes', node, 'upper', '_etc', 'ssh', `ssh_host_${type}_key.pub`);
  const r = await execa('ssh-keygen', ['-l', '-E', 'sha256', '-f', pub]);
  const fp = r.stdout.split(' ')[1];
  if (!fp?.startsWith('SHA256:')) throw new Error(`unexpected ssh-keygen output: ${r.stdout}`);
  return fp;
}

export function options(over: Partial<NodeConnectionOptions> = {}): NodeConnectionOptions {
  return {
    readOnly: false,
    sudo: false,
    connectTimeoutMs: 10_000,
    keepaliveIntervalMs: 2_000,
    askUnknownHostKey: null,
    commandLog: new CommandLog(),
    ...over,
  };
}

/** A connection to an ssh_config alias, resolved by `ssh -G` as hapilot does. */
export function connectionTo(
  alias: string,
  configFile: string,
  over: Partial<NodeConnectionOptions> = {},
  node: 'a' | 'b' = 'a',
): NodeConnection {
  return new NodeConnection(() => resolveSshTarget({ alias }, { configFile }), node, alias, options(over));
}

/** Connects expecting a refusal (host key, login, configuration) and returns it; the connection is closed. */
export async function refusedConnect(conn: NodeConnection): Promise<TransportError> {
  try {
    const err = await conn.connect().catch((e: unknown) => e);
    assert.ok(err instanceof TransportError && err.code === 'refused', String(err));
    return err;
  } finally {
    await conn.close();
  }
}

/** A probe that must succeed; returns its stdout. */
export async function run(conn: NodeConnection, text: string, timeoutMs = 15_000): Promise<string> {
  const r = await conn.exec({ kind: 'probe', text, label: 'test' }, { timeoutMs });
  if (r.exitCode !== 0) throw new Error(`${text}: exit ${r.exitCode}: ${r.stderr}`);
  return r.stdout;
}

/** The local port of a connection, from the node's view of it ($SSH_CONNECTION). */
export async function clientPort(conn: NodeConnection): Promise<number> {
  const [, port] = (await run(conn, 'echo $SSH_CONNECTION')).trim().split(' ');
  return Number(port);
}

/** PIDs of the sshd processes serving one client connection (by its source port), inside a node. */
export async function sshdPidsFor(node: LabNode, port: number): Promise<number[]> {
  const r = await inNode(node, `ss -tnpH state established '( sport = :22 and dport = :${port} )'`);
  return [...r.stdout.matchAll(/"sshd[^"]*",pid=(\d+)/g)].map((m) => Number(m[1]));
}

/** Whether a file exists inside a node (checked from inside, not over ssh). */
export async function existsInNode(node: LabNode, file: string): Promise<boolean> {
  const r = await inNode(node, `test -e ${shq(file)}`, { reject: false });
  return r.exitCode === 0;
}
