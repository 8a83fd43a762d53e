// Whether to trust the key a node presents, and the words that go with a refusal. A host key is
// the only thing that tells hapilot it is talking to the real node and not to whoever sits on the
// path, so every refusal names the host, the fingerprints, and what to do about it.
import type { ServerHostKeyAlgorithm } from 'ssh2';
import { shellQuote } from './quote.js';
import type { StrictHostKeyChecking } from './ssh-config.js';
import {
  appendKnownHostsLine,
  checkHostKey,
  fingerprintSha256,
  formatKnownHostsLine,
  hostKeyName,
  loadKnownHosts,
  type KeyLocation,
  type KnownHostsEntry,
  type KnownKey,
} from './known-hosts.js';
import { errorMessage } from '../format/error-message.js';

export interface UnknownHostKeyQuestion {
  host: string;
  port: number;
  keyType: string;
  fingerprint: string;
}

/** Asks the operator whether to trust a key seen for the first time; true accepts. */
export type AskUnknownHostKey = (q: UnknownHostKeyQuestion) => Promise<boolean>;

export interface HostKeyContext {
  /** How the operator names the host (alias), for messages. */
  label: string;
  /** Name and port the key is looked up under (see lookupName). */
  host: string;
  port: number;
  /** Every known_hosts file searched, in order. */
  knownHostsFiles: string[];
  /** Where an accepted key is written (the first UserKnownHostsFile); null: nowhere. */
  appendTo: string | null;
  hashKnownHosts: boolean;
  strict: StrictHostKeyChecking;
  /** null in non-interactive use: an unknown key is refused. */
  ask: AskUnknownHostKey | null;
}

/** Why a host key was refused. */
export type RefusedHostKey = 'changed' | 'other-type' | 'unknown' | 'revoked' | 'declined' | 'malformed' | 'unreadable';

export type HostKeyVerdict =
  | { accepted: true; keyType: string; fingerprint: string; addedTo: string | null }
  | {
      accepted: false;
      why: RefusedHostKey;
      message: string;
    };

/** The known_hosts name for a target: HostKeyAlias when set (with no port, as in ssh), else HostName and port. */
export function lookupName(t: { hostname: string; port: number; hostKeyAlias: string | null }): { host: string; port: number } {
  return t.hostKeyAlias ? { host: t.hostKeyAlias, port: 22 } : { host: t.hostname, port: t.port };
}

/** Decides on a presented host key (the raw blob ssh2 hands to hostVerifier). */
export async function verifyHostKey(ctx: HostKeyContext, keyBlob: Buffer): Promise<HostKeyVerdict> {
  const keyType = blobKeyType(keyBlob);
  if (!keyType)
    return { accepted: false, why: 'malformed', message: `${ctx.label}: the host key the node sent could not be read; refused.` };
  const fingerprint = fingerprintSha256(keyBlob);
  let entries: KnownHostsEntry[];
  try {
    entries = loadKnownHosts(ctx.knownHostsFiles);
  } catch (e) {
    return { accepted: false, why: 'unreadable', message: `${ctx.label}: ${errorMessage(e)}` };
  }
  const check = checkHostKey(entries, ctx.host, ctx.port, keyType, keyBlob);
  switch (check.result) {
    case 'match':
      return { accepted: true, keyType, fingerprint, addedTo: null };
    case 'revoked':
      return { accepted: false, why: 'revoked', message: revokedKeyMessage(ctx, keyType, check.entry) };
    case 'changed':
      return { accepted: false, why: 'changed', message: changedKeyMessage(ctx, keyType, check.expected, check.presented) };
    case 'unknown': {
      // hapilot asks the node for the types known_hosts holds before any other (see
      // preferredHostKeyAlgorithms): a node that answers with another type no longer has the key
      // known_hosts trusts. Re-keyed, or not the node at all; OpenSSH warns, hapilot refuses.
      const offered = check.otherKeys.filter((k) =>
        algorithmsOf(k.keyType).some((a) => (SSH2_HOST_KEY_ALGORITHMS as string[]).includes(a)),
      );
      if (offered.length > 0) {
        return { accepted: false, why: 'other-type', message: otherTypeMessage(ctx, keyType, fingerprint, offered) };
      }
      // StrictHostKeyChecking yes in ssh_config means: never add keys, not even when asked.
      if (!ctx.ask || ctx.strict === 'yes') {
        return {
          accepted: false,
          why: 'unknown',
          message: unknownKeyMessage(ctx, keyType, fingerprint, check.otherKeys, check.authorities),
        };
      }
      const yes = await ctx.ask({ host: ctx.host, port: ctx.port, keyType, fingerprint });
      if (!yes) {
        return {
          accepted: false,
          why: 'declined',
          message: `${ctx.label}: the operator did not accept the ${keyType} host key ${fingerprint}; refused.`,
        };
      }
      if (ctx.appendTo) {
        appendKnownHostsLine(ctx.appendTo, formatKnownHostsLine(ctx.host, ctx.port, keyType, keyBlob, { hash: ctx.hashKnownHosts }));
      }
      return { accepted: true, keyType, fingerprint, addedTo: ctx.appendTo };
    }
  }
}

/** The key type an SSH public key blob names in its first field ("ssh-ed25519"). */
export function blobKeyType(blob: Buffer): string | null {
  if (blob.length < 4) return null;
  const n = blob.readUInt32BE(0);
  if (n === 0 || 4 + n > blob.length) return null;
  return blob.toString('latin1', 4, 4 + n);
}

function where(ctx: HostKeyContext): string {
  const shown = hostKeyName(ctx.host, ctx.port);
  return ctx.label.toLowerCase() === shown ? shown : `${ctx.label} (${shown})`;
}

// Where the node keeps the public half of a key of this type, for out-of-band checking.
function nodeKeyFile(keyType: string): string {
  const short = keyType === 'ssh-rsa' ? 'rsa' : keyType.startsWith('ecdsa-') ? 'ecdsa' : keyType.replace(/^ssh-/, '');
  return `/etc/ssh/ssh_host_${short}_key.pub`;
}

export function changedKeyMessage(ctx: HostKeyContext, keyType: string, expected: KeyLocation[], presented: string): string {
  const files = [...new Set(expected.map((e) => e.file))];
  return [
    '@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@',
    '@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @',
    '@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@',
    `The ${keyType} host key presented by ${where(ctx)} is NOT the one known_hosts holds for it.`,
    'Someone may be intercepting the connection (man-in-the-middle), or the node was reinstalled with a new key.',
    ...expected.map((e) => `  expected:  ${e.fingerprint}  (${e.file}:${e.line})`),
    `  presented: ${presented}`,
    'hapilot refused the connection: nothing was sent to the node.',
    `Check the presented fingerprint out of band (on the node's console: ssh-keygen -lf ${nodeKeyFile(keyType)}).`,
    'Only if it matches, remove the old key and connect again:',
    ...files.map((f) => `  ssh-keygen -R ${shellQuote(hostKeyName(ctx.host, ctx.port))} -f ${shellQuote(f)}`),
  ].join('\n');
}

export function otherTypeMessage(ctx: HostKeyContext, keyType: string, fingerprint: string, known: KnownKey[]): string {
  const files = [...new Set(known.map((e) => e.file))];
  return [
    '@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@',
    '@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @',
    '@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@',
    `${where(ctx)} presented its ${keyType} host key, but known_hosts knows it by a key of another type:`,
    ...known.map((e) => `  known:     ${e.keyType} ${e.fingerprint}  (${e.file}:${e.line})`),
    `  presented: ${keyType} ${fingerprint}`,
    `hapilot asked for the known type first and the node did not use it: the node no longer has that key (it was`,
    'reinstalled or re-keyed), or it is not the node at all (someone may be intercepting the connection).',
    'hapilot refused the connection: nothing was sent to the node.',
    `Check on the node's console (ssh-keygen -lf ${nodeKeyFile(known[0]!.keyType)} and ssh-keygen -lf ${nodeKeyFile(keyType)}).`,
    'Only if the node really changed, remove the old key and connect again:',
    ...files.map((f) => `  ssh-keygen -R ${shellQuote(hostKeyName(ctx.host, ctx.port))} -f ${shellQuote(f)}`),
  ].join('\n');
}

export function unknownKeyMessage(
  ctx: HostKeyContext,
  keyType: string,
  fingerprint: string,
  otherKeys: KnownKey[],
  authorities: KnownKey[],
): string {
  const why =
    ctx.ask && ctx.strict === 'yes'
      ? 'StrictHostKeyChecking is yes for this host in ssh_config, so hapilot does not offer to add keys'
      : 'hapilot is running non-interactively, so it cannot ask you';
  return [
    `The host key of ${where(ctx)} is not in known_hosts: hapilot cannot tell it is talking to the right machine.`,
    `Refused (${why}).`,
    `  presented: ${keyType} ${fingerprint}`,
    `  searched:  ${ctx.knownHostsFiles.join(', ') || '(no known_hosts files)'}`,
    ...otherKeys.map(
      (k) =>
        `  known_hosts holds a ${k.keyType} key for it (${k.file}:${k.line}), a type hapilot cannot use; the node offered this one instead.`,
    ),
    ...authorities.map(
      (k) =>
        `  known_hosts trusts a certificate authority for it (${k.file}:${k.line}), but hapilot does not use host certificates: it checks plain host keys only.`,
    ),
    `Compare the fingerprint with the node's own (on its console: ssh-keygen -lf ${nodeKeyFile(keyType)}), then add the key,`,
    `for example by connecting once with ssh ${shellQuote(ctx.label)} and answering yes, or by running hapilot interactively.`,
  ].join('\n');
}

export function revokedKeyMessage(ctx: HostKeyContext, keyType: string, entry: KeyLocation): string {
  return [
    '@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@',
    '@       WARNING: REVOKED HOST KEY DETECTED!               @',
    '@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@',
    `The ${keyType} host key presented by ${where(ctx)} (${entry.fingerprint}) is marked @revoked in ${entry.file}:${entry.line}.`,
    'hapilot refused the connection: nothing was sent to the node.',
  ].join('\n');
}

// ssh2's host key algorithms, in its default order of preference.
const SSH2_HOST_KEY_ALGORITHMS: ServerHostKeyAlgorithm[] = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
  'ssh-rsa',
];
// An RSA key (type ssh-rsa in known_hosts) is used with any of three signature algorithms.
const ALGORITHMS_OF_KEY_TYPE: Record<string, ServerHostKeyAlgorithm[]> = {
  'ssh-rsa': ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'],
};
const algorithmsOf = (keyType: string): string[] => ALGORITHMS_OF_KEY_TYPE[keyType] ?? [keyType];

/**
 * Host key algorithms to offer, preferring the types known_hosts already has for the host, as
 * OpenSSH does. The server picks the first algorithm on the client's list it supports: without
 * this it may present, say, its ECDSA key when known_hosts only holds its Ed25519 key, and a
 * perfectly good node would look unknown. Types ssh2 cannot verify are left out.
 */
export function preferredHostKeyAlgorithms(knownTypes: readonly string[]): ServerHostKeyAlgorithm[] {
  const preferred = knownTypes
    .flatMap(algorithmsOf)
    .filter((a): a is ServerHostKeyAlgorithm => (SSH2_HOST_KEY_ALGORITHMS as string[]).includes(a));
  return [...new Set([...preferred, ...SSH2_HOST_KEY_ALGORITHMS])];
}
