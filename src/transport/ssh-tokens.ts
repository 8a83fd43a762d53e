// ssh_config's %-tokens and ${VARIABLES} (ssh_config(5), TOKENS and ENVIRONMENT VARIABLES), for
// the keywords `ssh -G` prints unexpanded: ProxyCommand, ProxyJump and IdentityFile. Without
// this, `IdentityFile ~/.ssh/%h.key` names a file called "%h.key" that does not exist, and a
// ProxyCommand would be handed a literal "%h".
import { createHash } from 'node:crypto';
import { homedir, hostname, userInfo } from 'node:os';

/** The values of the tokens, by letter. */
export interface TokenValues {
  /** Remote host name (after HostName). */
  h: string;
  /** The host as given (the alias). */
  n: string;
  p: string;
  /** Remote user. */
  r: string;
  /** HostKeyAlias, else the host as given. */
  k: string;
  /** Local user, home folder, user id, short and full host name. */
  u: string;
  d: string;
  i: string;
  L: string;
  l: string;
}

export type TokenKeyword = 'ProxyCommand' | 'ProxyJump' | 'IdentityFile';

// The tokens each keyword accepts, as listed in ssh_config(5) of OpenSSH 9.2.
const ACCEPTED: Record<TokenKeyword, string> = {
  ProxyCommand: 'hnpr',
  ProxyJump: 'hnpr',
  IdentityFile: 'CdhikLlnpru',
};

// Keywords whose ${NAME} ssh replaces from the environment (ProxyCommand's are the shell's).
const TAKES_VARIABLES: ReadonlySet<TokenKeyword> = new Set(['IdentityFile']);

/** A token or variable ssh would refuse ("unknown key %x", "env var ${X} not defined"). */
export class TokenError extends Error {
  override name = 'TokenError';
}

/** This machine's values of the local tokens. */
export function localTokens(): Pick<TokenValues, 'u' | 'd' | 'i' | 'L' | 'l'> {
  const full = hostname();
  const me = userInfo();
  return { u: me.username, d: homedir(), i: String(me.uid), L: full.split('.')[0] ?? full, l: full };
}

/** `text` with its tokens replaced, as ssh does for `keyword`; TokenError for one ssh would refuse. */
export function expandTokens(text: string, values: TokenValues, keyword: TokenKeyword, env: NodeJS.ProcessEnv = process.env): string {
  const accepted = ACCEPTED[keyword];
  const withTokens = text.replace(/%(.?)/gsu, (_m, c: string) => {
    if (c === '%') return '%';
    if (!c || !accepted.includes(c))
      throw new TokenError(`${keyword} ${text}: ssh does not accept %${c} there (it accepts %% and %${[...accepted].join(', %')})`);
    if (c === 'C') return createHash('sha1').update(`${values.l}${values.h}${values.p}${values.r}`).digest('hex');
    return values[c as keyof TokenValues];
  });
  if (!TAKES_VARIABLES.has(keyword)) return withTokens;
  return withTokens.replace(/\$\{([^}]*)\}/g, (_m, name: string) => {
    const v = env[name];
    if (v === undefined) throw new TokenError(`${keyword} ${text}: the environment variable ${name} is not set`);
    return v;
  });
}
