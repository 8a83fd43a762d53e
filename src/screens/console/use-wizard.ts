// The procedure wizard as the console holds it: loaded on first use (a dynamic import, read-write
// consoles only), which start it was opened with, and the notice line about it (resumable runs
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
  /** Resumable runs were found at start: p offers them first. */
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
    // A run that just stopped incomplete (a declined gate, Ctrl-C) is resumable: p offers it next.
    let left = false;
    try {
      left = (loaded?.resumable().length ?? 0) > 0;
    } catch {
      // An unreadable journal: p shows the procedures, as when there is nothing to resume.
    }
    setResumable(left);
  }, [loaded]);

  // A read-write console looks for runs it can resume, and offers them: once, after the first
  // round is on screen. A killed run opens the offer at once (it may hold the lock and have paused
  // automation); an incomplete one released both, so a notice and p are enough. Loading the wizard (and src/ops) takes
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
            const runs = w.resumable();
            if (runs.length) {
              setResumable(true);
              setNotice({
                text: `${plural(runs.length, 'resumable run')} (${runs.map((r) => `${r.procedure}, ${r.kind}`).join('; ')}): press ${keysFor(CONSOLE_KEYS, 'procedures')} to resume or review`,
                tone: 'warn',
              });
              if (runs.some((r) => r.kind === 'killed')) setStart((cur) => cur ?? { kind: 'resume' });
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
