// A long-lived exec channel over a node's existing connection: a program started once that reads
// lines on its stdin and writes its answers on stdout for as long as the channel stays open (the
// persistent probe session, probes/session.ts). Unlike exec(), nothing here has a time limit: the
// program on the other end must end by itself on EOF (the channel or the connection closing) and
// the caller puts limits on each request. What a stream keeps from exec(): a read-only connection
// only opens probe streams, the command log records it, and it holds one of the channel slots for
// as long as it lives.
import type { ClientChannel } from 'ssh2';
import { closeChannel } from './channel-io.js';

export interface StreamEvents {
  /** Output as it arrives (UTF-8, a character split across packets kept whole). */
  stdout: (chunk: string) => void;
  stderr: (chunk: string) => void;
  /** The channel is gone: the program ended, the connection dropped, or close() was called. */
  closed: (reason: string) => void;
}

export interface Stream {
  /** Sends text to the program's stdin; false when the stream is already closed. */
  write(text: string): boolean;
  /** Ends stdin (the program sees EOF and exits) and closes the channel. */
  close(): void;
  readonly open: boolean;
}

/** Wires an opened channel; `closed` is called exactly once. */
export function wireStream(ch: ClientChannel, on: StreamEvents): Stream {
  let open = true;
  let exitInfo = '';
  const end = (reason: string) => {
    if (!open) return;
    open = false;
    try {
      on.closed(reason);
    } catch {
      // a listener's bug must not break the transport
    }
  };
  ch.setEncoding('utf8');
  ch.stderr.setEncoding('utf8');
  ch.on('data', (s: string) => safely(on.stdout, s));
  ch.stderr.on('data', (s: string) => safely(on.stderr, s));
  ch.on('exit', (code: number | null, signal?: string) => {
    exitInfo = typeof code === 'number' ? `exit ${code}` : `signal ${signal ?? 'unknown'}`;
  });
  ch.on('error', (e: Error) => end(`channel error: ${e.message}`));
  ch.on('close', () => end(exitInfo ? `the session program ended (${exitInfo})` : 'the channel closed'));
  return {
    get open() {
      return open;
    },
    write(text) {
      if (!open) return false;
      try {
        ch.write(text);
        return true;
      } catch {
        return false;
      }
    },
    close() {
      if (!open) return;
      try {
        ch.end();
      } catch {
        // already ended
      }
      closeChannel(ch);
      end('closed by hapilot');
    },
  };
}

function safely(fn: (s: string) => void, s: string): void {
  try {
    fn(s);
  } catch {
    // a broken output callback must not stop the stream
  }
}
