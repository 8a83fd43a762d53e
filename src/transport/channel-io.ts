// The input and output of one exec channel: stdin written and ended, stdout and stderr read as
// UTF-8 text and streamed to the caller, the exit status, and one call when it is all over.
import type { ClientChannel } from 'ssh2';

export interface ChannelEvents {
  stdout: (chunk: string) => void;
  stderr: (chunk: string) => void;
  exit: (code: number | null, signal: string | null) => void;
  /** Everything has arrived (both streams ended, channel closed). */
  closed: () => void;
  failed: (e: Error) => void;
}

export function wireChannel(ch: ClientChannel, stdin: string | undefined, on: ChannelEvents): void {
  // Both streams must be read or the channel's window fills and `close` never comes.
  // setEncoding keeps a UTF-8 character split across two packets whole.
  ch.setEncoding('utf8');
  ch.stderr.setEncoding('utf8');
  ch.on('data', (s: string) => safely(on.stdout, s));
  ch.stderr.on('data', (s: string) => safely(on.stderr, s));
  ch.on('exit', (code: number | null, signal?: string) => on.exit(typeof code === 'number' ? code : null, signal ?? null));
  ch.on('error', on.failed);
  // ssh2 emits `close` once stdout has ended; stderr may still hold a last chunk.
  let closed = false;
  let stderrEnded = false;
  const maybeDone = () => {
    if (closed && stderrEnded) on.closed();
  };
  ch.stderr.on('end', () => {
    stderrEnded = true;
    maybeDone();
  });
  ch.on('close', () => {
    closed = true;
    if (!ch.stderr.readable) stderrEnded = true;
    maybeDone();
  });
  // stdin is written and ended: a command that reads stdin gets EOF instead of waiting forever.
  ch.end(stdin);
}

export function closeChannel(ch: ClientChannel): void {
  try {
    ch.close();
  } catch {
    // already closed
  }
}

function safely(fn: (s: string) => void, s: string): void {
  try {
    fn(s);
  } catch {
    // a broken output callback must not lose the command's result
  }
}
