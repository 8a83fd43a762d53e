// known_hosts, as OpenSSH reads it (sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT"): pure parsing and
// matching, no I/O except the small load/append helpers at the end.
//   [@marker] hostpatterns keytype base64-key [comment]
// hostpatterns: comma-separated, `*` and `?` wildcards, `!pattern` negation, `[host]:port` for a
// port other than 22, or one hashed name `|1|base64(salt)|base64(HMAC-SHA1(salt, name))`.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { SshConfigError } from './ssh-config.js';

export type HostNames = { kind: 'patterns'; patterns: string[] } | { kind: 'hashed'; salt: Buffer; hash: Buffer };

export interface KnownHostsEntry {
  file: string;
  /** 1-based line number, for messages that send the operator to the right line. */
  line: number;
  marker: 'cert-authority' | 'revoked' | null;
  hosts: HostNames;
  keyType: string;
  keyBlob: Buffer;
}

export interface KeyLocation {
  fingerprint: string;
  file: string;
  line: number;
}

/** A key known_hosts holds, with its type. */
export interface KnownKey extends KeyLocation {
  keyType: string;
}

export type HostKeyCheck =
  | { result: 'match'; entry: KeyLocation }
  /** known_hosts has a key of this type for the host, and it is not the one presented. */
  | { result: 'changed'; expected: KeyLocation[]; presented: string }
  /**
   * Nothing for this key type; `otherKeys` are the keys of other types known_hosts does have for
   * the host, `authorities` the @cert-authority lines that cover it (hapilot does not use host
   * certificates).
   */
  | { result: 'unknown'; otherKeys: KnownKey[]; authorities: KnownKey[] }
  /** The presented key is marked @revoked for this host. */
  | { result: 'revoked'; entry: KeyLocation };

/** Parses known_hosts text; lines that are not entries are skipped, as OpenSSH skips them. */
export function parseKnownHosts(text: string, file: string): KnownHostsEntry[] {
  const entries: KnownHostsEntry[] = [];
  text.split('\n').forEach((raw, i) => {
    const entry = parseLine(raw, file, i + 1);
    if (entry) entries.push(entry);
  });
  return entries;
}

function parseLine(raw: string, file: string, line: number): KnownHostsEntry | null {
  const fields = raw.trim().split(/\s+/);
  if (!fields[0] || fields[0].startsWith('#')) return null;
  let marker: KnownHostsEntry['marker'] = null;
  if (fields[0].startsWith('@')) {
    if (fields[0] === '@cert-authority') marker = 'cert-authority';
    else if (fields[0] === '@revoked') marker = 'revoked';
    else return null; // an unknown marker: OpenSSH ignores the line
    fields.shift();
  }
  const [names, keyType, b64] = fields;
  if (!names || !keyType || !b64) return null;
  const keyBlob = decodeKey(keyType, b64);
  const hosts = parseHostNames(names);
  if (!keyBlob || !hosts) return null;
  return { file, line, marker, hosts, keyType, keyBlob };
}

function parseHostNames(names: string): HostNames | null {
  if (names.startsWith('|1|')) {
    const [, , salt, hash] = names.split('|');
    if (!salt || !hash) return null;
    const s = Buffer.from(salt, 'base64');
    const h = Buffer.from(hash, 'base64');
    // HMAC-SHA1: 20-byte salt (the HMAC key) and 20-byte digest.
    return s.length === 20 && h.length === 20 ? { kind: 'hashed', salt: s, hash: h } : null;
  }
  return { kind: 'patterns', patterns: names.split(',').filter(Boolean) };
}

// The base64 blob starts with the key type as an SSH string; a line whose blob says another type
// is corrupt (OpenSSH rejects it too).
function decodeKey(keyType: string, b64: string): Buffer | null {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return null;
  const blob = Buffer.from(b64, 'base64');
  if (blob.length < 4) return null;
  const n = blob.readUInt32BE(0);
  if (4 + n > blob.length || blob.toString('latin1', 4, 4 + n) !== keyType) return null;
  return blob;
}

/** The name OpenSSH looks a host up under: `host`, or `[host]:port` when the port is not 22. */
export function hostKeyName(host: string, port: number): string {
  const h = host.toLowerCase();
  return port === 22 ? h : `[${h}]:${port}`;
}

/** Whether an entry's host names cover this name (from hostKeyName). */
export function entryMatches(hosts: HostNames, name: string): boolean {
  if (hosts.kind === 'hashed') {
    const mac = createHmac('sha1', hosts.salt).update(name).digest();
    return timingSafeEqual(mac, hosts.hash);
  }
  // Any negated pattern that matches rules the line out, whatever else matches (match_hostname).
  let matched = false;
  for (const p of hosts.patterns) {
    const negated = p.startsWith('!');
    if (wildcardMatch(negated ? p.slice(1) : p, name)) {
      if (negated) return false;
      matched = true;
    }
  }
  return matched;
}

// OpenSSH's match_pattern: `*` any run of characters, `?` exactly one; host names compare
// case-insensitively.
export function wildcardMatch(pattern: string, text: string): boolean {
  const p = pattern.toLowerCase();
  const t = text.toLowerCase();
  let pi = 0;
  let ti = 0;
  let star = -1;
  let mark = 0;
  while (ti < t.length) {
    if (pi < p.length && (p[pi] === '?' || p[pi] === t[ti])) {
      pi++;
      ti++;
    } else if (pi < p.length && p[pi] === '*') {
      star = pi++;
      mark = ti;
    } else if (star >= 0) {
      pi = star + 1;
      ti = ++mark;
    } else {
      return false;
    }
  }
  while (p[pi] === '*') pi++;
  return pi === p.length;
}

/** OpenSSH's SHA256 fingerprint: `SHA256:` and the unpadded base64 of sha256(key blob). */
export function fingerprintSha256(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

const location = (e: KnownHostsEntry): KeyLocation => ({ fingerprint: fingerprintSha256(e.keyBlob), file: e.file, line: e.line });
const known = (e: KnownHostsEntry): KnownKey => ({ ...location(e), keyType: e.keyType });

/**
 * Checks a presented host key. Several entries may name the host (a VIP served by either node
 * has both nodes' keys): any equal key wins. @cert-authority lines are CA keys, not host keys,
 * and hapilot does not do host certificates, so they never match a plain key.
 */
export function checkHostKey(
  entries: readonly KnownHostsEntry[],
  host: string,
  port: number,
  keyType: string,
  keyBlob: Buffer,
): HostKeyCheck {
  const name = hostKeyName(host, port);
  const forHost = entries.filter((e) => entryMatches(e.hosts, name));
  const revoked = forHost.find((e) => e.marker === 'revoked' && e.keyBlob.equals(keyBlob));
  if (revoked) return { result: 'revoked', entry: location(revoked) };
  const plain = forHost.filter((e) => e.marker === null);
  const match = plain.find((e) => e.keyBlob.equals(keyBlob));
  if (match) return { result: 'match', entry: location(match) };
  const sameType = plain.filter((e) => e.keyType === keyType);
  if (sameType.length > 0) return { result: 'changed', expected: sameType.map(location), presented: fingerprintSha256(keyBlob) };
  return {
    result: 'unknown',
    otherKeys: plain.map(known),
    authorities: forHost.filter((e) => e.marker === 'cert-authority').map(known),
  };
}

/** Key types known_hosts holds for a host, in file order (to prefer them in key exchange). */
export function knownKeyTypes(entries: readonly KnownHostsEntry[], host: string, port: number): string[] {
  const name = hostKeyName(host, port);
  const types = entries.filter((e) => e.marker === null && entryMatches(e.hosts, name)).map((e) => e.keyType);
  return [...new Set(types)];
}

/**
 * Reads and parses known_hosts files. A missing file holds no entries (as in ssh); one that
 * exists and cannot be read (permissions, a folder) is an error that says so: taken as empty,
 * it would turn every known node into an "unknown key, trust it?" question.
 */
export function loadKnownHosts(files: readonly string[]): KnownHostsEntry[] {
  return files.flatMap((file) => {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return [];
      const why = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EISDIR' ? 'it is a folder' : String(e);
      throw new SshConfigError(
        `cannot read the known_hosts file ${file}: ${why}; hapilot checks every node's host key against it, so it does not connect without it.`,
        file,
      );
    }
    return parseKnownHosts(text, file);
  });
}

/** A known_hosts line for an accepted key, hashed when HashKnownHosts asks for it. */
export function formatKnownHostsLine(host: string, port: number, keyType: string, keyBlob: Buffer, opts: { hash: boolean }): string {
  const name = hostKeyName(host, port);
  let names = name;
  if (opts.hash) {
    const salt = randomBytes(20);
    names = `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
  }
  return `${names} ${keyType} ${keyBlob.toString('base64')}`;
}

/** Appends a line to a known_hosts file, creating it (and ~/.ssh, mode 700) when missing. */
export function appendKnownHostsLine(file: string, line: string): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  let existing = '';
  try {
    existing = readFileSync(file, 'utf8');
  } catch {
    // a new file
  }
  // A file whose last line has no newline would otherwise get the new entry glued onto it.
  const sep = existing.length > 0 && !existing.endsWith('\n') ? '\n' : '';
  appendFileSync(file, `${sep}${line}\n`, { mode: 0o600 });
}
