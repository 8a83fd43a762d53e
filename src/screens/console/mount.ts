// The console's screen, mounted full screen. Loaded by a dynamic import from src/cli/console.ts
// once the session is connecting: Ink, React and Yoga take a few hundred milliseconds to load,
// and that time overlaps with the ssh handshakes and the first probe round instead of adding to
// them (the first full frame comes sooner). Other commands never load Ink at all.
import { createElement } from 'react';
import { runFullScreen } from '../fullscreen.js';
import { ThemeContext, themeFor } from '../theme.js';
import type { Theme as ThemePreference } from '../../config/preferences.js';
import { Console, type ConsoleProps } from './Console.js';

export function mountConsole(
  props: Omit<ConsoleProps, 'onQuit' | 'onRedraw'>,
  theme: ThemePreference,
  cleanup: () => Promise<void>,
): Promise<number> {
  return runFullScreen(
    (quit, redraw) =>
      createElement(
        ThemeContext.Provider,
        { value: themeFor(process.env, theme) },
        createElement(Console, { ...props, onQuit: () => quit(0), onRedraw: redraw }),
      ),
    { quitOnStdinEnd: true, cleanup },
  );
}
