// A real terminal for end-to-end tests: tmux, on its own server socket so nothing an operator
// runs in tmux is touched. Start a shell at a size, type into it, read the screen as a person
// would see it, resize it. tmux is installed with apt-get when missing.
import { execa } from 'execa';
import { randomBytes } from 'node:crypto';
import { shellQuote as shq } from '../../src/transport/quote.js';

const SOCKET = `hapilot-e2e-${process.pid}`;

/** tmux itself in a UTF-8 locale, or it draws box characters and block letters as '_'. */
const tmuxEnv = { ...process.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' };

async function tmux(...args: string[]) {
  return execa('tmux', ['-u', '-L', SOCKET, ...args], { env: tmuxEnv, reject: true, timeout: 10_000 });
}

export async function ensureTmux(): Promise<void> {
  const found = await execa('sh', ['-c', 'command -v tmux'], { reject: false });
  if (found.exitCode === 0) return;
  const apt = (...args: string[]) =>
    execa('apt-get', args, { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, timeout: 300_000, reject: false });
  const install = () => apt('install', '-y', '-qq', '--no-install-recommends', 'tmux');
  // A fresh machine may have no package lists yet: update them once, then try again.
  if ((await install()).exitCode === 0) return;
  await apt('update', '-qq');
  const r = await install();
  if (r.exitCode !== 0) throw new Error(`apt-get install tmux failed:\n${r.stderr}`);
}

export interface TerminalOptions {
  columns: number;
  rows: number;
  cwd: string;
  /** Variables for the shell and what it starts (PATH and HOME come from this process). */
  env?: Record<string, string>;
}

export class Terminal {
  private constructor(readonly name: string) {}

  /** A plain bash (no rc files) with the prompt "e2e$ ", in a tmux window of this size. */
  static async open(o: TerminalOptions): Promise<Terminal> {
    const name = `t${randomBytes(4).toString('hex')}`;
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', LANG: 'C.UTF-8', PS1: 'e2e$ ', ...o.env };
    const assignments = Object.entries(env).map(([k, v]) => `${k}=${shq(v)}`);
    await tmux(
      'new-session',
      '-d',
      '-s',
      name,
      '-x',
      String(o.columns),
      '-y',
      String(o.rows),
      '-c',
      o.cwd,
      `env -i ${assignments.join(' ')} TERM=screen-256color bash --norc --noprofile`,
    );
    const t = new Terminal(name);
    await t.waitFor(/^e2e\$/m, 'the shell prompt', 5000);
    return t;
  }

  /** Types text and presses Enter. */
  async run(line: string): Promise<void> {
    await tmux('send-keys', '-t', this.name, '-l', line);
    await tmux('send-keys', '-t', this.name, 'Enter');
  }

  /** Runs a command line made of `argv` (each word quoted). */
  async runArgv(argv: readonly string[], after = ''): Promise<void> {
    await this.run(`${argv.map(shq).join(' ')}${after}`);
  }

  /**
   * Runs `argv` as the shell's child with its pid written to `pidFile` first (for signals), stdin
   * from /dev/null when asked, then prints "EXIT=<status>" when it ends.
   */
  async startRecordingPid(argv: readonly string[], pidFile: string, opts: { stdinFromNull?: boolean } = {}): Promise<void> {
    const inner = `echo $$ > ${shq(pidFile)}; exec ${argv.map(shq).join(' ')}${opts.stdinFromNull ? ' </dev/null' : ''}`;
    await this.run(`bash -c ${shq(inner)}; echo EXIT=$?`);
  }

  /** Keys as tmux names them: "q", "?", "C-c", "Enter", "Escape". */
  async keys(...keys: string[]): Promise<void> {
    for (const k of keys) await tmux('send-keys', '-t', this.name, ...(k.length === 1 ? ['-l', k] : [k]));
  }

  /** Appends everything written to this terminal from now on to `file` (the bytes, escapes included). */
  async recordOutput(file: string): Promise<void> {
    await tmux('pipe-pane', '-o', '-t', this.name, `cat >> ${shq(file)}`);
  }

  /** The visible screen, as text. */
  async screen(): Promise<string> {
    return (await tmux('capture-pane', '-p', '-t', this.name)).stdout;
  }

  async alternateScreen(): Promise<boolean> {
    return (await tmux('display-message', '-p', '-t', this.name, '#{alternate_on}')).stdout.trim() === '1';
  }

  async resize(columns: number, rows: number): Promise<void> {
    await tmux('resize-window', '-t', this.name, '-x', String(columns), '-y', String(rows));
  }

  /** Polls the screen until it matches; returns it. Never a fixed sleep. */
  async waitFor(pattern: RegExp | ((screen: string) => boolean), what: string, timeoutMs = 15_000): Promise<string> {
    const test = typeof pattern === 'function' ? pattern : (s: string) => pattern.test(s);
    const deadline = Date.now() + timeoutMs;
    let last = '';
    for (;;) {
      last = await this.screen();
      if (test(last)) return last;
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; the screen:\n${last}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async close(): Promise<void> {
    await tmux('kill-session', '-t', this.name).catch(() => undefined);
  }
}

/** Ends this test process's tmux server (after the last terminal). */
export async function stopTmuxServer(): Promise<void> {
  await tmux('kill-server').catch(() => undefined);
}
