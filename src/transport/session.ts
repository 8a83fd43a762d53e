// Both nodes' connections for a loaded cluster file, opened in parallel, sharing one command log.
import type { NodeId } from '../cluster/facts.js';
import type { LoadedCluster } from '../config/load-cluster.js';
import type { NodeDefinition } from '../config/schema.js';
import { CommandLog } from './command-log.js';
import { connectAll, NodeConnection } from './connection.js';
import type { AskUnknownHostKey } from './host-key-policy.js';
import { createLimiter } from './limiter.js';
import { resolveSshTarget, type NodeAddress } from './ssh-config.js';

export interface SessionOptions {
  /** Refuse every 'change' command (watch, status, the wallboard). */
  readOnly: boolean;
  /** Asks the operator about a host key seen for the first time; null refuses such keys. */
  interactiveHostKey: AskUnknownHostKey | null;
  /** A log to record into (default: a new one). */
  log?: CommandLog;
  /** Environment for SSH_AUTH_SOCK (default process.env). */
  env?: NodeJS.ProcessEnv;
}

export interface Session {
  a: NodeConnection;
  b: NodeConnection;
  log: CommandLog;
  /** The cluster's ssh.command_timeout in ms, the default limit for commands. */
  commandTimeoutMs: number;
  /** Settles when both first connects have succeeded or failed (never rejects: see each state). */
  ready: Promise<void>;
  node(id: NodeId): NodeConnection;
  close(): Promise<void>;
}

/**
 * Builds both connections and starts connecting them at once. Returns immediately, so the console
 * can show each node's state while it connects; a node that cannot connect does not stop the
 * other, and its state says why.
 */
export function openSession(cluster: LoadedCluster, opts: SessionOptions): Session {
  const { def } = cluster;
  const log = opts.log ?? new CommandLog();
  // Both nodes connect at once; two fingerprint questions on the screen at the same time would
  // be confusing, so they are asked one after the other.
  const ask = opts.interactiveHostKey;
  const oneAtATime = createLimiter(1);
  const askInTurn: AskUnknownHostKey | null = ask ? (q) => oneAtATime.run(() => ask(q)) : null;

  const make = (id: NodeId, n: NodeDefinition) =>
    new NodeConnection(
      () => resolveSshTarget(nodeAddress(n), def.ssh.config ? { configFile: def.ssh.config } : {}),
      id,
      n.name ?? n.alias ?? n.host ?? id,
      {
        readOnly: opts.readOnly,
        sudo: n.sudo,
        connectTimeoutMs: def.ssh.connect_timeout * 1000,
        keepaliveIntervalMs: def.ssh.keepalive_interval * 1000,
        askUnknownHostKey: askInTurn,
        commandLog: log,
        ...(def.ssh.known_hosts ? { extraKnownHostsFiles: [def.ssh.known_hosts] } : {}),
        ...(opts.env ? { env: opts.env } : {}),
      },
    );
  const a = make('a', def.nodes.a);
  const b = make('b', def.nodes.b);
  const ready = connectAll([a, b]).then(() => undefined);
  return {
    a,
    b,
    log,
    commandTimeoutMs: def.ssh.command_timeout * 1000,
    ready,
    node: (id) => (id === 'a' ? a : b),
    close: async () => {
      await Promise.all([a.close(), b.close()]);
    },
  };
}

/** How ssh should be asked about a node of the cluster file. */
export function nodeAddress(n: NodeDefinition): NodeAddress {
  if (n.alias) return { alias: n.alias };
  if (!n.host) throw new Error('node has neither alias nor host (the schema should have refused it)');
  return {
    host: n.host,
    ...(n.port !== undefined ? { port: n.port } : {}),
    ...(n.user !== undefined ? { user: n.user } : {}),
    ...(n.identity !== undefined ? { identity: n.identity } : {}),
  };
}
