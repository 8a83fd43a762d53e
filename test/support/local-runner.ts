// A CommandRunner that really runs commands, with bash on this machine, in a folder standing for
// a node. For engine tests that need commands to run and fail for real without the lab.
import { execa } from 'execa';
import type { CommandRunner, ExecOptions, ExecResult, RemoteCommand } from '../../src/transport/types.js';
import type { NodeId } from '../../src/cluster/facts.js';

export class LocalRunner implements CommandRunner {
  readonly sent: RemoteCommand[] = [];

  constructor(
    readonly node: NodeId,
    readonly name: string,
    private readonly cwd: string,
  ) {}

  async exec(cmd: RemoteCommand, opts: ExecOptions): Promise<ExecResult> {
    this.sent.push(cmd);
    const started = Date.now();
    const p = execa('bash', ['-c', cmd.text], {
      cwd: this.cwd,
      reject: false,
      timeout: opts.timeoutMs,
      input: cmd.stdin ?? '',
      env: { NODE_DIR: this.cwd },
    });
    p.stdout?.on('data', (d: Buffer) => opts.onStdout?.(d.toString()));
    p.stderr?.on('data', (d: Buffer) => opts.onStderr?.(d.toString()));
    const r = await p;
    return {
      stdout: String(r.stdout),
      stderr: String(r.stderr),
      exitCode: r.exitCode ?? null,
      signal: r.signal ?? null,
      durationMs: Date.now() - started,
    };
  }
}
