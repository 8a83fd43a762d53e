// The wallboard, mounted full screen; loaded by a dynamic import once the session is connecting
// (see console/mount.ts for why). No keyboard is needed: stdin ending does not end the board.
import { createElement } from 'react';
import { runFullScreen } from '../fullscreen.js';
import { ThemeContext, themeFor } from '../theme.js';
import type { Theme as ThemePreference } from '../../config/preferences.js';
import type { ClusterFeed } from '../cluster-feed.js';
import { Wallboard } from './Wallboard.js';

export function mountWallboard(feed: ClusterFeed, theme: ThemePreference, cleanup: () => Promise<void>): Promise<number> {
  return runFullScreen(
    (quit) =>
      createElement(
        ThemeContext.Provider,
        { value: themeFor(process.env, theme) },
        createElement(Wallboard, { feed, onQuit: () => quit(0) }),
      ),
    {
      quitOnStdinEnd: false,
      cleanup,
      // Heal whatever else was written on the terminal, at the cost of one full frame.
      redrawEveryMs: 10 * 60_000,
    },
  );
}
