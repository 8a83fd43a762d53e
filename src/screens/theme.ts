// Colours by meaning, not by component. NO_COLOR (https://no-color.org) and the `mono` theme
// preference switch every colour off; emphasis then comes from bold and inverse, which are not
// colours, so a critical verdict still stands out on a monochrome wallboard.
// Ink's chalk does not read NO_COLOR itself, hence this switch.
import { createContext, useContext } from 'react';
import type { Theme as ThemePreference } from '../config/preferences.js';
import type { Tone } from '../view/node-rows.js';

/** The props a <Text> takes for one style; undefined fields are left out by the spread. */
export interface TextStyle {
  color?: string;
  backgroundColor?: string;
  bold?: boolean;
  dimColor?: boolean;
  inverse?: boolean;
}

export type Emphasis = Tone | 'title' | 'key' | 'verdict-healthy' | 'verdict-degraded' | 'verdict-critical' | 'readonly' | 'readwrite';

export interface Theme {
  readonly colour: boolean;
  style(e: Emphasis): TextStyle;
  /** Border colour for a pane whose node is in this tone. */
  border(t: Tone): string | undefined;
}

const COLOUR: Record<Emphasis, TextStyle> = {
  ok: { color: 'green' },
  warn: { color: 'yellow' },
  bad: { color: 'red', bold: true },
  muted: { dimColor: true },
  plain: {},
  title: { bold: true },
  key: { color: 'cyan', bold: true },
  'verdict-healthy': { color: 'black', backgroundColor: 'green', bold: true },
  'verdict-degraded': { color: 'black', backgroundColor: 'yellow', bold: true },
  'verdict-critical': { color: 'white', backgroundColor: 'red', bold: true },
  readonly: { color: 'black', backgroundColor: 'cyan', bold: true },
  readwrite: { color: 'magenta', bold: true },
};

const MONO: Record<Emphasis, TextStyle> = {
  ok: {},
  warn: { bold: true },
  bad: { bold: true },
  muted: { dimColor: true },
  plain: {},
  title: { bold: true },
  key: { bold: true },
  'verdict-healthy': { bold: true },
  'verdict-degraded': { bold: true, inverse: true },
  'verdict-critical': { bold: true, inverse: true },
  readonly: { bold: true, inverse: true },
  readwrite: { bold: true },
};

export const colourTheme: Theme = {
  colour: true,
  style: (e) => COLOUR[e],
  border: (t) => (t === 'bad' ? 'red' : t === 'warn' ? 'yellow' : t === 'ok' ? 'green' : 'gray'),
};

export const monoTheme: Theme = {
  colour: false,
  style: (e) => MONO[e],
  border: () => undefined,
};

/** NO_COLOR set to anything non-empty wins over `auto`; `color`/`mono` in the preferences are explicit. */
export function themeFor(env: NodeJS.ProcessEnv, preference: ThemePreference = 'auto'): Theme {
  if (preference === 'mono') return monoTheme;
  if (preference === 'color') return colourTheme;
  return env.NO_COLOR ? monoTheme : colourTheme;
}

export const ThemeContext = createContext<Theme>(colourTheme);

export function useTheme(): Theme {
  return useContext(ThemeContext);
}
