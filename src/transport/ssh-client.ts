// Logging in to one node: a fresh ssh2 Client per attempt (a dead Client is never reused),
// through the jump hosts in front of it (ProxyJump), each hop's host key checked against
// known_hosts and each hop logged in with agent or key files.
import type { Duplex } from 'node:stream';
import ssh2 from 'ssh2';
import type { Client as SshClient, ClientChannel } from 'ssh2';
import { AuthSetupError, buildAuth } from './auth.js';
import {
  lookupName,
  preferredHostKeyAlgorithms,
  verifyHostKey,
  type AskUnknownHostKey,
  type HostKeyContext,
  type HostKeyVerdict,
  type RefusedHostKey,
} from './host-key-policy.js';
import { knownKeyTypes, loadKnownHosts } from './known-hosts.js';
import { startProxyCommand } from './proxy-command.js';
import { SshConfigError, type ResolvedTarget } from './ssh-config.js';

const { Client } = ssh2;

export interface LoginOptions {
  connectTimeoutMs: number;
  keepaliveIntervalMs: number;
  askUnknownHostKey: AskUnknownHostKey | null;
  /** known_hosts files searched besides the ones ssh_config names. */
  extraKnownHostsFiles: string[];
  /** Where SSH_AUTH_SOCK is read. */
  env: NodeJS.ProcessEnv;
}

/** Three unanswered keepalives and the connection counts as lost. */
export const KEEPALIVE_COUNT_MAX = 3;

/** A refusal retrying cannot fix: host key refused, login refused. */
export class LoginRefused extends Error {
  constructor(
    message: string,
    /** Why the host key was refused, when it was the host key (not the login). */
    readonly hostKey?: RefusedHostKey,
  ) {
    super(message);
    this.name = 'LoginRefused';
  }
}

/** A logged-in target, and the jump host clients it depends on (first hop first). */
export interface OpenChain {
  client: SshClient;
  hops: SshClient[];
}

/** Connects to the target, through its jump hosts first when it has some (ProxyJump). */
export async function openChain(target: ResolvedTarget, opts: LoginOptions): Promise<OpenChain> {
  if (!target.via)
    return {
      client: await (target.proxyCommand ? openViaProxyCommand(target, target.proxyCommand, opts) : openClient(target, opts)),
      hops: [],
    };
  const via = target.via;
  const { client: jump, hops } = await openChain(via, opts);
  try {
    const stream = await forwardOut(jump, target.hostname, target.port).catch((e: Error) => {
      throw new Error(`via ${via.destination}: cannot reach ${target.hostname}:${target.port}: ${e.message}`);
    });
    const client = await openClient(target, opts, stream);
    return { client, hops: [...hops, jump] };
  } catch (e) {
    for (const c of [jump, ...hops]) void endClient(c);
    throw e;
  }
}

/** A Client over ProxyCommand's stdin and stdout; the command ends when the connection does. */
async function openViaProxyCommand(target: ResolvedTarget, command: string, opts: LoginOptions): Promise<SshClient> {
  const proxy = startProxyCommand(command, opts.env);
  try {
    const client = await openClient(target, opts, proxy.sock);
    client.once('close', () => proxy.stop());
    return client;
  } catch (e) {
    // A refusal (host key, login) or a configuration problem is what it is, whatever the pipe.
    if (e instanceof LoginRefused || e instanceof AuthSetupError || e instanceof SshConfigError) {
      proxy.stop();
      throw e;
    }
    // The command's own words say why far better than "connection closed during login".
    await proxy.settle(1000);
    proxy.stop();
    const ended = proxy.ended();
    throw new Error(`${(e as Error).message} (through ProxyCommand ${command}: ${ended ?? 'still running'})`);
  }
}

/** One ssh2 Client, logged in (over `sock` when it comes through a jump host or ProxyCommand). */
export function openClient(t: ResolvedTarget, opts: LoginOptions, sock?: Duplex): Promise<SshClient> {
  const auth = buildAuth(t, opts.env);
  const { host, port } = lookupName(t);
  const knownHostsFiles = [...t.userKnownHostsFiles, ...t.globalKnownHostsFiles, ...opts.extraKnownHostsFiles];
  const knownTypes = knownKeyTypes(loadKnownHosts(knownHostsFiles), host, port);
  const client = new Client();
  // ssh2 emits 'error' at any time; without a listener node would crash the process.
  client.on('error', (e: Error) => lastErrors.set(client, describeSshError(e)));
  client.on('close', () => closedClients.add(client));

  return new Promise<SshClient>((resolve, reject) => {
    let settled = false;
    let verdict: HostKeyVerdict | null = null;
    let timer: NodeJS.Timeout | undefined;
    // Our own connect timer instead of ssh2's readyTimeout: it is paused while the operator
    // reads a host key fingerprint, which may take longer than the connect timeout.
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => fail(new Error(`${t.destination}: no answer within ${opts.connectTimeoutMs} ms`)), opts.connectTimeoutMs);
    };
    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      client.destroy();
      reject(err);
    };
    client.on('error', (e: Error & { level?: string }) => {
      if (verdict && !verdict.accepted) return fail(new LoginRefused(verdict.message, verdict.why));
      if (e.level === 'client-authentication') {
        return fail(new LoginRefused(`${t.user}@${t.destination}: the node refused the login (tried ${auth.tried.join(', ')})`));
      }
      fail(new Error(`${t.destination}: ${describeSshError(e)}`));
    });
    client.on('close', () => fail(new Error(`${t.destination}: ${lastErrors.get(client) ?? 'connection closed during login'}`)));
    client.on('ready', () => {
      if (settled) return void client.end();
      settled = true;
      clearTimeout(timer);
      resolve(client);
    });

    const ask = opts.askUnknownHostKey;
    const ctx: HostKeyContext = {
      label: t.destination,
      host,
      port,
      knownHostsFiles,
      appendTo: t.userKnownHostsFiles[0] ?? null,
      hashKnownHosts: t.hashKnownHosts,
      strict: t.strictHostKeyChecking,
      ask: ask
        ? async (q) => {
            clearTimeout(timer);
            try {
              return await ask(q);
            } finally {
              if (!settled) arm();
            }
          }
        : null,
    };
    arm();
    try {
      client.connect({
        host: t.hostname,
        port: t.port,
        username: t.user,
        ...(sock ? { sock } : {}),
        authHandler: auth.methods,
        // Always set: without hostVerifier ssh2 accepts any key at all.
        hostVerifier: (key: Buffer, verify: (ok: boolean) => void) => {
          verifyHostKey(ctx, key).then(
            (v) => {
              verdict = v;
              verify(v.accepted);
            },
            (e: unknown) => {
              verdict = { accepted: false, why: 'malformed', message: `${t.destination}: host key check failed: ${String(e)}` };
              verify(false);
            },
          );
        },
        algorithms: { serverHostKey: preferredHostKeyAlgorithms(knownTypes) },
        keepaliveInterval: opts.keepaliveIntervalMs,
        keepaliveCountMax: KEEPALIVE_COUNT_MAX,
        readyTimeout: 0,
      });
    } catch (e) {
      fail(e instanceof Error ? e : new Error(String(e)));
    }
  });
}

const lastErrors = new WeakMap<SshClient, string>();
const closedClients = new WeakSet<SshClient>();

/** The last error a client reported (why it closed), in words for the operator. */
export function lastError(client: SshClient): string | undefined {
  return lastErrors.get(client);
}

/** Ends a client politely, and forcibly if it does not close within a second. */
export function endClient(client: SshClient): Promise<void> {
  if (closedClients.has(client)) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(() => {
      client.destroy();
      resolve();
    }, 1000);
    client.once('close', () => {
      clearTimeout(t);
      resolve();
    });
    try {
      client.end();
    } catch {
      clearTimeout(t);
      resolve();
    }
  });
}

function forwardOut(jump: SshClient, host: string, port: number): Promise<ClientChannel> {
  return new Promise((resolve, reject) => {
    try {
      jump.forwardOut('127.0.0.1', 0, host, port, (err, stream) => (err ? reject(err) : resolve(stream)));
    } catch (e) {
      reject(e as Error);
    }
  });
}

function describeSshError(e: Error & { level?: string }): string {
  if (e.level === 'client-timeout') return `no answer to ${KEEPALIVE_COUNT_MAX} keepalives (${e.message})`;
  return e.message;
}
