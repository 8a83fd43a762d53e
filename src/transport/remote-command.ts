// The exact text sent to the node for a command: the caller's shell text, wrapped so that the
// node enforces the time limit itself and, where configured, runs it through sudo.
import { shellQuote } from './quote.js';

export interface WrapOptions {
  /** Node-side limit in seconds (fractions allowed: GNU timeout takes 1.5). */
  timeoutSeconds: number;
  /** Run as root through `sudo -n` (a login that is not root). */
  sudo: boolean;
}

/** Seconds after TERM before `timeout` sends KILL to a command that ignores TERM. */
export const KILL_AFTER_SECONDS = 2;

/**
 * `[sudo -n] timeout -k 2 SECS sh -c 'TEXT'`
 *
 * - `timeout` on the node: when the client gives up (or the connection dies), sshd does not kill
 *   a command that has no terminal; without it a hung `psql` would run on forever.
 * - `timeout` runs its command in its own process group and signals the whole group, so children
 *   (`su postgres -c ...`, pipelines) go too.
 * - `sudo -n` goes OUTSIDE timeout: timeout then runs as root and can kill root's processes; a
 *   timeout running as the login user could signal sudo but not the root-owned children sudo
 *   leaves behind when it is killed. `-n` makes sudo fail at once ("a password is required")
 *   instead of waiting for a password no one will type.
 * - `sh -c` with the text as ONE quoted word: the text is parsed once, by sh, on the node, exactly
 *   as the caller wrote it; the login shell only sees fixed words and a quoted string.
 * - `-k` rather than `--kill-after=`: the short option is the one busybox's timeout knows too.
 */
export function wrapCommand(text: string, opts: WrapOptions): string {
  const inner = `timeout -k ${KILL_AFTER_SECONDS} ${formatSeconds(opts.timeoutSeconds)} sh -c ${shellQuote(text)}`;
  return opts.sudo ? `sudo -n ${inner}` : inner;
}

function formatSeconds(s: number): string {
  // Millisecond precision, no trailing zeros; never 0 (timeout 0 means no limit at all).
  return String(Math.max(0.001, Math.round(s * 1000) / 1000));
}
