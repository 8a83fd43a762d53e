// How hapilot proves who it is: keys from ssh-agent, then the identity files ssh_config names,
// in that order, as ssh does. Passwords and keyboard-interactive are never tried: a console that
// reconnects on its own must not stop to ask, and keys are what operators use for this.
import { readFileSync, existsSync } from 'node:fs';
import ssh2 from 'ssh2';
import type { AnyAuthMethod, IdentityCallback, ParsedKey } from 'ssh2';
import { expandTilde, type SshTarget } from './ssh-config.js';

const { OpenSSHAgent, utils } = ssh2;

export interface AuthPlan {
  methods: AnyAuthMethod[];
  /** What will be tried, for the message when the node says no ("agent /run/..., key ~/.ssh/id_ed25519"). */
  tried: string[];
}

/** No usable way to log in, found before connecting (so retrying cannot help). */
export class AuthSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuthSetupError';
  }
}

/** The agent socket ssh would use: IdentityAgent from ssh_config, else SSH_AUTH_SOCK. */
export function agentSocket(identityAgent: string | null, env: NodeJS.ProcessEnv = process.env): string | null {
  if (identityAgent === 'none') return null;
  if (identityAgent === null || identityAgent === 'SSH_AUTH_SOCK') return env.SSH_AUTH_SOCK || null;
  if (identityAgent.startsWith('$')) return env[identityAgent.slice(1)] || null;
  return expandTilde(identityAgent);
}

// IdentitiesOnly: use only the agent's keys that match an identity file, as ssh does. An agent
// holding many keys would otherwise spend the server's MaxAuthTries on the wrong ones.
class IdentitiesOnlyAgent extends OpenSSHAgent {
  constructor(
    socketPath: string,
    private readonly allowed: Buffer[],
  ) {
    super(socketPath);
  }
  override getIdentities(cb: IdentityCallback<ParsedKey>): void {
    super.getIdentities((err, keys) => {
      if (err) return cb(err);
      // OpenSSHAgent hands back parsed keys; the wider type also allows {pubKey} entries.
      const blob = (k: NonNullable<typeof keys>[number]) => ('getPublicSSH' in k ? k.getPublicSSH() : null);
      cb(
        undefined,
        (keys ?? []).filter((k) => this.allowed.some((a) => a.equals(blob(k) ?? Buffer.alloc(0)))),
      );
    });
  }
}

export function buildAuth(target: SshTarget, env: NodeJS.ProcessEnv = process.env): AuthPlan {
  const username = target.user;
  const methods: AnyAuthMethod[] = [];
  const tried: string[] = [];
  const encrypted: string[] = [];
  const unreadable: string[] = [];
  const publicKeys: Buffer[] = [];
  const fileMethods: AnyAuthMethod[] = [];

  for (const file of target.identityFiles) {
    let data: Buffer;
    try {
      data = readFileSync(file);
    } catch (e) {
      unreadable.push(`${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
      continue;
    }
    const parsed = utils.parseKey(data);
    if (parsed instanceof Error) {
      // A key with a passphrase can still be used through the agent; its .pub file tells which.
      if (/encrypted|passphrase/i.test(parsed.message)) {
        encrypted.push(file);
        const pub = readPublicKey(`${file}.pub`);
        if (pub) publicKeys.push(pub);
      } else {
        unreadable.push(`${file}: ${parsed.message}`);
      }
      continue;
    }
    const key = Array.isArray(parsed) ? (parsed[0] as ParsedKey) : parsed;
    publicKeys.push(key.getPublicSSH());
    fileMethods.push({ type: 'publickey', username, key: data });
    tried.push(`key ${file}`);
  }

  const sock = agentSocket(target.identityAgent, env);
  if (sock && existsSync(sock)) {
    const agent = target.identitiesOnly ? new IdentitiesOnlyAgent(sock, publicKeys) : sock;
    methods.push({ type: 'agent', username, agent });
    tried.unshift(`ssh-agent ${sock}${target.identitiesOnly ? ' (IdentitiesOnly: keys matching the identity files)' : ''}`);
  }
  methods.push(...fileMethods);

  if (methods.length === 0) {
    const problems = [
      ...encrypted.map((f) => `${f} is encrypted (has a passphrase) and no ssh-agent is running to use it: start one and run ssh-add ${f}`),
      ...unreadable.map((u) => `cannot use ${u}`),
    ];
    throw new AuthSetupError(
      `no way to log in to ${target.destination} as ${username}: ` +
        (problems.length
          ? problems.join('; ')
          : `no identity file found (IdentityFile in ssh_config) and no ssh-agent (SSH_AUTH_SOCK ${sock ? `${sock} does not exist` : 'is not set'})`),
    );
  }
  if (encrypted.length && !sock) tried.push(`(skipped, encrypted and no agent: ${encrypted.join(', ')})`);
  return { methods, tried };
}

function readPublicKey(file: string): Buffer | null {
  try {
    const parsed = utils.parseKey(readFileSync(file));
    if (parsed instanceof Error) return null;
    return (Array.isArray(parsed) ? (parsed[0] as ParsedKey) : parsed).getPublicSSH();
  } catch {
    return null;
  }
}
