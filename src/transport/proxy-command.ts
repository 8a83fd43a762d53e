// ProxyCommand from ssh_config: a local command whose stdin and stdout carry the SSH connection
// (`ssh -W %h:%p bastion`, `nc -X connect -x proxy:3128 %h %p`, a cloud provider's tunnel). It is
// run as ssh runs it, `exec COMMAND` through the user's shell, with %-tokens already expanded
// (ssh-tokens.ts). It is only a pipe: the node at its other end proves who it is by its host key,
// checked against known_hosts exactly as on a direct connection.
import { Duplex } from 'node:stream';
import { execa } from 'execa';
import { firstLine } from '../format/text.js';

export interface ProxyProcess {
  /** The connection: what is written goes to the command's stdin, its stdout is what is read. */
  sock: Duplex;
  /** How the command ended, once it has ("exit 1: Connection refused"), or null while it runs. */
  ended(): string | null;
  /** Waits at most `ms` for the command to end; then `ended()` says how, if it did. */
  settle(ms: number): Promise<void>;
  /** Ends the command: TERM, and KILL a second later. */
  stop(): void;
}

/** Bytes of the command's stderr kept, for the message when the connection fails. */
const STDERR_KEPT = 4096;

export function startProxyCommand(command: string, env: NodeJS.ProcessEnv = process.env): ProxyProcess {
  const shell = env.SHELL || process.env.SHELL || '/bin/sh';
  const child = execa(shell, ['-c', `exec ${command}`], {
    env,
    stdin: 'pipe',
    stdout: 'pipe',
    // The command's complaints never reach the operator's terminal (the console owns it); they
    // are kept for the message instead.
    stderr: 'pipe',
    buffer: false,
    reject: false,
    forceKillAfterDelay: 1000,
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString('utf8')).slice(-STDERR_KEPT);
  });
  let ending: string | null = null;
  const done = child.then((r) => {
    const how = r.signal
      ? `killed by ${r.signal}`
      : r.exitCode === undefined
        ? firstLine(r.shortMessage ?? 'did not start')
        : `exit ${r.exitCode}`;
    ending = `${how}${stderr.trim() ? `: ${firstLine(stderr.trim().split('\n').at(-1) ?? '')}` : ''}`;
  });
  if (!child.stdout || !child.stdin) throw new Error('ProxyCommand: no pipes to the command');
  const sock = Duplex.from({ readable: child.stdout, writable: child.stdin });
  // A write after the command died (EPIPE) is the connection's end, reported by ssh2 as such.
  sock.on('error', () => {});
  return {
    sock,
    ended: () => ending,
    settle: async (ms) => {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([done, new Promise<void>((r) => (timer = setTimeout(r, ms)))]);
      clearTimeout(timer);
    },
    stop: () => {
      if (ending === null) child.kill('SIGTERM');
    },
  };
}
