// Owning the terminal: render full screen in the alternate screen, and give it back on every way
// out (q, Ctrl-C, SIGINT, SIGTERM, SIGHUP when the ssh session to the jump host drops, stdin
// closing, a crash in rendering or anywhere else). The caller's cleanup (close the session, stop
// the monitor) runs once, with a time limit, after the screen is restored: the operator gets the
// prompt back even when a node does not answer the close.
import type { ReactElement } from 'react';
import { render, type Instance } from 'ink';

export interface FullScreenOptions {
  /** Runs once on the way out, after the terminal is restored. */
  cleanup(): Promise<void>;
  /**
   * Quit when stdin ends or fails: the terminal is gone (a console with a keyboard). A wallboard
   * started with stdin from /dev/null must not: its stdin ends at once.
   */
  quitOnStdinEnd: boolean;
  /** Ink's own Ctrl-C handling (off: the screens decide, e.g. abort a running procedure first). */
  exitOnCtrlC?: boolean;
  stdout?: NodeJS.WriteStream;
  stdin?: NodeJS.ReadStream;
  stderr?: NodeJS.WriteStream;
  /** How long cleanup may take before hapilot leaves anyway. */
  cleanupTimeoutMs?: number;
  /**
   * Redraw the whole screen this often. Frames only rewrite the lines that changed, so anything
   * else written to the terminal (a `wall` message, a library writing to stderr) would stay on a
   * screen nobody touches; a wallboard heals itself with this.
   */
  redrawEveryMs?: number;
}

export type Quit = (code?: number, error?: unknown) => void;
/** Draws the whole screen again (Ctrl-L in the console). */
export type Redraw = () => void;

const EXIT_ALT_SCREEN = '\u001B[?1049l';
const SHOW_CURSOR = '\u001B[?25h';

/**
 * Renders `build(quit)` full screen; resolves with the exit code once the terminal is restored
 * and cleanup has run. The caller exits the process with it.
 */
export function runFullScreen(build: (quit: Quit, redraw: Redraw) => ReactElement, opts: FullScreenOptions): Promise<number> {
  const stdout = opts.stdout ?? process.stdout;
  const stdin = opts.stdin ?? process.stdin;
  const stderr = opts.stderr ?? process.stderr;
  const interactive = Boolean(stdout.isTTY);

  return new Promise<number>((resolve) => {
    let instance: Instance | null = null;
    let element: ReactElement | null = null;
    let leaving = false;
    let healer: NodeJS.Timeout | null = null;
    const redraw: Redraw = () => {
      if (!instance || !element || leaving) return;
      // Ink forgets the frame it drew; the render that follows writes every line.
      instance.clear();
      instance.rerender(element);
    };
    const handlers: [NodeJS.EventEmitter, string, (...a: unknown[]) => void][] = [];
    const on = (target: NodeJS.EventEmitter, event: string, fn: (...a: unknown[]) => void) => {
      target.on(event, fn);
      handlers.push([target, event, fn]);
    };

    const quit: Quit = (code = 0, error?: unknown) => {
      if (leaving) return;
      leaving = true;
      if (healer) clearInterval(healer);
      let restored = false;
      try {
        // Ink leaves the alternate screen, shows the cursor and turns raw mode off.
        instance?.unmount();
        restored = true;
      } catch {
        /* fall through to the manual restore */
      }
      if (!restored && interactive) {
        try {
          stdout.write(EXIT_ALT_SCREEN + SHOW_CURSOR);
        } catch {
          /* the terminal may be gone */
        }
      }
      try {
        if (stdin.isTTY && stdin.isRaw) stdin.setRawMode(false);
      } catch {
        /* idem */
      }
      if (error !== undefined) {
        try {
          stderr.write(`hapilot: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
        } catch {
          /* idem */
        }
      }
      for (const [target, event, fn] of handlers) target.off(event, fn);
      // stdin was put in flowing mode by Ink; let the process end once the work is done.
      try {
        stdin.pause();
        stdin.unref?.();
      } catch {
        /* idem */
      }
      const limit = new Promise<void>((r) => setTimeout(r, opts.cleanupTimeoutMs ?? 3000).unref());
      void Promise.race([opts.cleanup().catch(() => undefined), limit]).then(() => resolve(code));
    };

    on(process, 'SIGINT', () => quit(130));
    on(process, 'SIGTERM', () => quit(143));
    on(process, 'SIGHUP', () => quit(129));
    on(process, 'uncaughtException', (e: unknown) => quit(70, e));
    on(process, 'unhandledRejection', (e: unknown) => quit(70, e));
    // A terminal that went away makes writes fail (EIO, EPIPE): leave without drawing.
    on(stdout, 'error', () => quit(129));
    if (opts.quitOnStdinEnd && stdin.isTTY) {
      on(stdin, 'end', () => quit(129));
      on(stdin, 'close', () => quit(129));
      on(stdin, 'error', () => quit(129));
    }

    try {
      element = build(quit, redraw);
      instance = render(element, {
        stdout,
        stdin,
        stderr,
        alternateScreen: true,
        // Under CI=true Ink would otherwise write only the last frame, at exit.
        interactive,
        exitOnCtrlC: opts.exitOnCtrlC ?? false,
        // One frame per change is enough; the screens change at most a few times a second.
        maxFps: 10,
        // Rewrite only the lines that changed: a wallboard whose lag value changed sends one line,
        // not the whole screen.
        incrementalRendering: true,
      });
      if (opts.redrawEveryMs) healer = setInterval(redraw, opts.redrawEveryMs).unref();
      // A render error ends Ink with that error: restore and report it.
      instance.waitUntilExit().then(
        () => quit(0),
        (e: unknown) => quit(70, e),
      );
    } catch (e) {
      quit(70, e);
    }
  });
}
