// Where and how to reach a node, as OpenSSH itself would: `ssh -G` prints the fully resolved
// options for a destination (Include, Match, Host patterns, defaults and /etc/ssh/ssh_config all
// applied), so hapilot never re-implements ssh_config's rules and cannot disagree with `ssh`.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { ConfigFileError, formatProblem, type ConfigProblem } from '../config/yaml-schema.js';
import { firstLine } from '../format/text.js';
import { expandTokens, localTokens, TokenError, type TokenKeyword, type TokenValues } from './ssh-tokens.js';

export type StrictHostKeyChecking = 'yes' | 'ask' | 'accept-new' | 'no';

/** The options hapilot uses for one hop, from `ssh -G`. */
export interface SshTarget {
  /** What was asked for (alias or host), for messages. */
  destination: string;
  hostname: string;
  port: number;
  user: string;
  /** Private key files that exist, `~` expanded, in the order ssh would try them. */
  identityFiles: string[];
  identitiesOnly: boolean;
  /**
   * IdentityAgent as written: null when unset (use SSH_AUTH_SOCK), "none", "SSH_AUTH_SOCK",
   * "$VAR" or a socket path.
   */
  identityAgent: string | null;
  /** Comma-separated jump hosts, as ProxyJump gives them; null for a direct connection. */
  proxyJump: string | null;
  /** The command whose stdin and stdout are the connection (ProxyCommand, %-tokens expanded); null for none. */
  proxyCommand?: string | null;
  userKnownHostsFiles: string[];
  globalKnownHostsFiles: string[];
  strictHostKeyChecking: StrictHostKeyChecking;
  /** Write accepted host keys hashed (HashKnownHosts). */
  hashKnownHosts: boolean;
  /** Name to look the host key up under instead of hostname (HostKeyAlias). */
  hostKeyAlias: string | null;
  /** Seconds; null for none. */
  connectTimeout: number | null;
  /** Seconds; 0 for off. */
  serverAliveInterval: number;
  serverAliveCountMax: number;
}

/** A target with the hop in front of it (ProxyJump), resolved the same way. */
export interface ResolvedTarget extends SshTarget {
  via: ResolvedTarget | null;
}

/** How a cluster file names a node: an ssh_config alias, or host/port/user/identity. */
export type NodeAddress = { alias: string } | { host: string; port?: number; user?: string; identity?: string };

export interface ResolveOptions {
  /** ssh_config file (`ssh -F`); without it ssh reads ~/.ssh/config and /etc/ssh/ssh_config. */
  configFile?: string;
}

/**
 * ssh_config cannot give what hapilot needs for a node (ssh itself refuses the file, or asks for
 * something hapilot does not do). A ConfigFileError: a mistake in the operator's own files, said
 * in words and never as a stack trace; `problems` are ssh's own complaints with file and line.
 */
export class SshConfigError extends ConfigFileError {
  constructor(message: string, file = '', problems: ConfigProblem[] = []) {
    super(file, 'ssh configuration', problems);
    this.name = 'SshConfigError';
    this.message = message;
  }
}

interface ParseContext {
  home: string;
  exists: (file: string) => boolean;
  /** The local values of ssh's %-tokens (%u, %d, %i, %L, %l). */
  local?: Pick<TokenValues, 'u' | 'd' | 'i' | 'L' | 'l'>;
}

/**
 * Pure parser of `ssh -G` output. `ssh -G` prints one `keyword value` per line, keywords in
 * lower case; `identityfile` repeats, the known_hosts keywords list several files on one line.
 */
export function parseSshG(text: string, destination: string, ctx: ParseContext = { home: homedir(), exists: existsSync }): SshTarget {
  const single = new Map<string, string>();
  const identityFiles: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const sp = line.indexOf(' ');
    const key = (sp < 0 ? line : line.slice(0, sp)).toLowerCase();
    const value = sp < 0 ? '' : line.slice(sp + 1).trim();
    if (key === 'identityfile') identityFiles.push(value);
    else if (!single.has(key)) single.set(key, value);
  }
  const get = (k: string) => single.get(k) ?? null;
  const need = (k: string) => {
    const v = get(k);
    if (v === null || v === '') throw new SshConfigError(`ssh -G ${destination}: no "${k}" in its output`);
    return v;
  };
  const expand = (p: string) => expandTilde(p, ctx.home);
  // ssh -G separates the files of one keyword by spaces (a file name with a space cannot be
  // told apart; OpenSSH's own output has the same ambiguity). "none" alone means no file at all,
  // as in ssh: never a file called none in the current folder.
  const files = (k: string) => {
    const list = (get(k) ?? '').split(/\s+/).filter(Boolean);
    return list.length === 1 && list[0]!.toLowerCase() === 'none' ? [] : list.map(expand);
  };
  const yes = (k: string) => ['yes', 'true'].includes(get(k) ?? '');

  const port = Number(need('port'));
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new SshConfigError(`ssh -G ${destination}: bad port ${get('port')}`);
  const hostname = need('hostname');
  const user = need('user');
  const alias = get('hostkeyalias');
  const timeout = get('connecttimeout');
  // ssh -G prints ProxyCommand, ProxyJump and IdentityFile with their %-tokens unexpanded (the
  // known_hosts files and IdentityAgent come expanded).
  const tokens: TokenValues = {
    ...(ctx.local ?? localTokens()),
    h: hostname,
    n: destination,
    p: String(port),
    r: user,
    k: alias && alias !== 'none' ? alias : destination,
  };
  const tok = (text: string, keyword: TokenKeyword) => {
    try {
      return expandTokens(text, tokens, keyword);
    } catch (e) {
      if (e instanceof TokenError) throw new SshConfigError(`${destination}: ${e.message}`);
      throw e;
    }
  };
  const proxyJump = unlessNone(get('proxyjump'));
  const proxyCommand = unlessNone(get('proxycommand'));
  if (proxyCommand && yes('proxyusefdpass')) {
    throw new SshConfigError(
      `${destination}: ssh_config sets ProxyUseFdpass yes for its ProxyCommand; hapilot cannot take a connection handed over that way. Remove ProxyUseFdpass for this host.`,
    );
  }

  return {
    destination,
    hostname,
    port,
    user,
    identityFiles: identityFiles.map((f) => expand(tok(f, 'IdentityFile'))).filter((f) => ctx.exists(f)),
    identitiesOnly: yes('identitiesonly'),
    identityAgent: get('identityagent'),
    proxyJump: proxyJump === null ? null : tok(proxyJump, 'ProxyJump'),
    proxyCommand: proxyCommand === null ? null : tok(proxyCommand, 'ProxyCommand'),
    userKnownHostsFiles: files('userknownhostsfile'),
    globalKnownHostsFiles: files('globalknownhostsfile'),
    strictHostKeyChecking: strictMode(get('stricthostkeychecking')),
    hashKnownHosts: yes('hashknownhosts'),
    hostKeyAlias: alias && alias !== 'none' ? alias : null,
    connectTimeout: timeout === null || timeout === 'none' ? null : Number(timeout),
    serverAliveInterval: Number(get('serveraliveinterval') ?? 0),
    serverAliveCountMax: Number(get('serveralivecountmax') ?? 3),
  };
}

function unlessNone(v: string | null): string | null {
  return v && v.toLowerCase() !== 'none' ? v : null;
}

// ssh -G prints the flag as true/false/ask/accept-new; older versions print yes/no.
function strictMode(v: string | null): StrictHostKeyChecking {
  switch (v) {
    case 'true':
    case 'yes':
      return 'yes';
    case 'false':
    case 'no':
    case 'off':
      return 'no';
    case 'accept-new':
      return 'accept-new';
    default:
      return 'ask';
  }
}

export function expandTilde(p: string, home: string = homedir()): string {
  return p === '~' || p.startsWith('~/') ? path.join(home, p.slice(1)) : p;
}

/** One hop of ProxyJump: `[user@]host[:port]` or `ssh://[user@]host[:port]`, IPv6 in brackets. */
export function parseJumpHop(spec: string): { host: string; user?: string; port?: number } {
  let s = spec.trim().replace(/^ssh:\/\//, '');
  let user: string | undefined;
  const at = s.lastIndexOf('@');
  if (at >= 0) {
    user = s.slice(0, at);
    s = s.slice(at + 1);
  }
  let host = s;
  let port: number | undefined;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(s);
  if (bracketed) {
    host = bracketed[1]!;
    if (bracketed[2]) port = Number(bracketed[2]);
  } else {
    const m = /^([^:]+):(\d+)$/.exec(s);
    if (m) {
      host = m[1]!;
      port = Number(m[2]);
    }
  }
  if (!host) throw new SshConfigError(`bad ProxyJump hop "${spec}"`);
  return { host, ...(user ? { user } : {}), ...(port ? { port } : {}) };
}

/** Splits a ProxyJump list into the hosts before the last hop and the last hop. */
export function splitLastHop(proxyJump: string): { rest: string | null; last: string } {
  const i = proxyJump.lastIndexOf(',');
  return i < 0 ? { rest: null, last: proxyJump } : { rest: proxyJump.slice(0, i), last: proxyJump.slice(i + 1) };
}

// Jump chains longer than this are a loop in the configuration, not a network.
const MAX_HOPS = 8;

/**
 * Resolves a node to its target and the chain of jump hosts in front of it, as ssh does:
 * for `ProxyJump j1,j2` the target is reached through j2, and j2 through j1 (`ssh -J j1 j2`);
 * the first hop's own ProxyJump from ssh_config applies to it.
 */
export async function resolveSshTarget(address: NodeAddress, opts: ResolveOptions = {}): Promise<ResolvedTarget> {
  if ('alias' in address) return resolveHop(address.alias, [], opts, 0);
  const args: string[] = [];
  if (address.port !== undefined) args.push('-p', String(address.port));
  if (address.user !== undefined) args.push('-l', address.user);
  if (address.identity !== undefined) args.push('-i', address.identity);
  return resolveHop(address.host, args, opts, 0);
}

async function resolveHop(destination: string, args: string[], opts: ResolveOptions, depth: number): Promise<ResolvedTarget> {
  if (depth > MAX_HOPS)
    throw new SshConfigError(`ProxyJump chain to ${destination} is longer than ${MAX_HOPS} hops (a loop in ssh_config?)`);
  const target = parseSshG(await runSshG(destination, args, opts), destination);
  if (!target.proxyJump) return { ...target, via: null };
  const { rest, last } = splitLastHop(target.proxyJump);
  const hop = parseJumpHop(last);
  const hopArgs: string[] = [];
  if (hop.port !== undefined) hopArgs.push('-p', String(hop.port));
  if (hop.user !== undefined) hopArgs.push('-l', hop.user);
  if (rest) hopArgs.push('-J', rest);
  return { ...target, via: await resolveHop(hop.host, hopArgs, opts, depth + 1) };
}

// ssh's complaints, most of them "FILE line N: what" or "FILE: line N: what".
const SSH_COMPLAINT = /^(.+?):? line (\d+): (.+)$/;
// Lines of ssh's stderr kept in a message: enough for every real complaint, bounded for a runaway.
const MAX_COMPLAINTS = 10;

async function runSshG(destination: string, args: string[], opts: ResolveOptions): Promise<string> {
  const argv = ['-G', ...(opts.configFile ? ['-F', opts.configFile] : []), ...args, '--', destination];
  // `ssh -G` only prints; it connects nowhere (a `Match exec` in the config does run, as with ssh).
  const r = await execa('ssh', argv, { reject: false, stdin: 'ignore', timeout: 10_000, maxBuffer: 1024 * 1024 });
  if (!r.failed && r.exitCode === 0) return r.stdout;
  const fallback = r.timedOut
    ? 'ssh -G did not finish within 10 s (a Match exec that hangs, or a config file that is a pipe or a device?)'
    : (r.shortMessage ?? `exit ${r.exitCode}`);
  throw sshGFailure(destination, argv, String(r.stderr), fallback, opts.configFile);
}

/** Why `ssh -G` failed, in ssh's own words, each complaint with the file and line it names. */
export function sshGFailure(destination: string, argv: string[], stderr: string, fallback: string, configFile?: string): SshConfigError {
  const file = configFile ?? path.join(homedir(), '.ssh', 'config');
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('Pseudo-terminal') && !/terminating, \d+ bad configuration options/.test(l));
  const problems: ConfigProblem[] = lines.slice(0, MAX_COMPLAINTS).map((l) => {
    const m = SSH_COMPLAINT.exec(l);
    return m
      ? { file: m[1]!, line: Number(m[2]), column: 0, field: '', message: firstLine(m[3]!) }
      : { file, line: 0, column: 0, field: '', message: firstLine(l) };
  });
  if (problems.length === 0) problems.push({ file, line: 0, column: 0, field: '', message: firstLine(fallback) });
  const listed = problems.map(formatProblem);
  return new SshConfigError(
    [`ssh cannot resolve its options for ${destination} from ${file} (ssh ${argv.join(' ')}):`, ...listed].join('\n'),
    file,
    problems,
  );
}
