// The procedure wizard as the console holds it: loaded on first use (a dynamic import, read-write
// consoles only), which start it was opened with, and the notice line about it (unfinished runs
// found, or the procedures could not be loaded).
import { useCallback, useEffect, useState } from 'react';
import type { LoadedWizard, WizardEntry, WizardStart } from './wizard-entry.js';
import { errorMessage } from '../../format/error-message.js';
import { plural } from '../../format/text.js';
import { keysFor } from '../key-bindings.js';
import { CONSOLE_KEYS } from './keys.js';

export interface Notice {
  text: string;
  tone: 'warn' | 'bad' | 'plain';
}

export interface ConsoleWizard {
  /** How the open wizard was started; null while the dashboard is shown. */
  start: WizardStart | null;
  loaded: LoadedWizard | null;
  notice: Notice | null;
  /** Unfinished runs were found at start: p offers them first. */
  resumable: boolean;
  open(start: WizardStart): void;
  /** Back to the dashboard; the notice has been dealt with. */
  close(): void;
}

/** `wizard` is null in a read-only console: then nothing here ever loads. */
export function useWizard(wizard: WizardEntry | null, firstRoundShown: boolean): ConsoleWizard {
  const [start, setStart] = useState<WizardStart | null>(null);
  const [loaded, setLoaded] = useState<LoadedWizard | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [resumable, setResumable] = useState(false);

  const loadFailed = useCallback(
    (e: unknown) => setNotice({ text: `the procedures could not be loaded: ${errorMessage(e)}`, tone: 'bad' }),
    [],
  );

  const open = useCallback(
    (s: WizardStart) => {
      if (!wizard) return;
      setStart(s);
      if (!loaded) {
        wizard.load().then(setLoaded, (e: unknown) => {
          setStart(null);
          loadFailed(e);
        });
      }
    },
    [wizard, loaded, loadFailed],
  );

  const close = useCallback(() => {
    setStart(null);
    setNotice(null);
    setResumable(false);
  }, []);

  // A read-write console looks for runs left unfinished by a hapilot that died, and offers to
  // resume them: once, after the first round is on screen. Loading the wizard (and src/ops) takes
  // the main thread for a few hundred milliseconds, which must not delay that first frame.
  useEffect(() => {
    if (!wizard || !firstRoundShown) return;
    let gone = false;
    const t = setTimeout(() => {
      wizard.load().then(
        (w) => {
          if (gone) return;
          setLoaded(w);
          try {
            const runs = w.unfinished();
            if (runs.length) {
              setResumable(true);
              setNotice({
                text: `${plural(runs.length, 'unfinished run')} (${runs.map((r) => r.procedure).join(', ')}): press ${keysFor(CONSOLE_KEYS, 'procedures')} to resume or review`,
                tone: 'warn',
              });
              setStart((cur) => cur ?? { kind: 'resume' });
            }
          } catch (e) {
            setNotice({ text: `could not read the journal: ${errorMessage(e)}`, tone: 'bad' });
          }
        },
        (e: unknown) => !gone && loadFailed(e),
      );
    }, 50);
    return () => {
      gone = true;
      clearTimeout(t);
    };
  }, [wizard, firstRoundShown, loadFailed]);

  return { start, loaded, notice, resumable, open, close };
}
