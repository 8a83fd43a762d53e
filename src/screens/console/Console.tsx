// The interactive console: the dashboard, its keys, the command log, host-key questions, and in a
// read-write console the procedure wizard. State that only the screen has (help open, log open,
// the wizard) lives here; everything about the cluster comes from the feed's view model.
import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { Text, useInput, useStdin, useWindowSize } from 'ink';
import type { CommandLogEntry } from '../../transport/types.js';
import type { ClusterFeed } from '../cluster-feed.js';
import type { HostKeyBroker } from '../host-key-broker.js';
import { dashboardModel } from '../dashboard-model.js';
import { useViewModel } from '../use-view-model.js';
import { yesNo } from '../yes-no.js';
import { sparkWidthFor } from '../layout.js';
import { consoleKeys, PROCEDURE_KEYS } from './keys.js';
import { Dashboard } from './Dashboard.js';
import type { LoadedWizard, WizardEntry, WizardStart } from './wizard-entry.js';
import { errorMessage } from '../../format/error-message.js';
import { plural } from '../../format/text.js';

export interface CommandLogSource {
  entries(): CommandLogEntry[];
  subscribe(fn: (e: CommandLogEntry) => void): () => void;
}

export interface ConsoleProps {
  feed: ClusterFeed;
  log: CommandLogSource;
  hostKeys: HostKeyBroker;
  readOnly: boolean;
  /** null in a read-only console: the wizard is then never loaded, and its keys do not exist. */
  wizard: WizardEntry | null;
  onQuit(): void;
  /** Draw the whole screen again (Ctrl-L). */
  onRedraw?: () => void;
  /** Fixed size (tests); the terminal's otherwise. */
  size?: { columns: number; rows: number };
}

export function Console({ feed, log, hostKeys, readOnly, wizard, onQuit, onRedraw, size }: ConsoleProps) {
  const window = useWindowSize();
  const { columns, rows } = size ?? window;
  const { isRawModeSupported } = useStdin();
  const [help, setHelp] = useState(false);
  const [logOpen, setLogOpen] = useState(false);
  const [allFindings, setAllFindings] = useState(false);
  const [selected, setSelected] = useState<number | null>(null);
  const [entries, setEntries] = useState<CommandLogEntry[]>([]);
  const [wizardStart, setWizardStart] = useState<WizardStart | null>(null);
  const [loaded, setLoaded] = useState<LoadedWizard | null>(null);
  const [notice, setNotice] = useState<{ text: string; tone: 'warn' | 'bad' | 'plain' } | null>(null);
  // Unfinished runs were found at start: p offers them first.
  const [resumable, setResumable] = useState(false);
  const subscribeHostKeys = useCallback((fn: () => void) => hostKeys.subscribe(fn), [hostKeys]);
  const hostKey = useSyncExternalStore(subscribeHostKeys, () => hostKeys.current());
  const sparkWidth = sparkWidthFor(columns, rows);
  const model = useViewModel(
    feed,
    () =>
      dashboardModel({
        def: feed.def,
        state: feed.state(),
        connections: feed.connections(),
        now: Date.now(),
        readOnly,
        intervalMs: feed.intervalMs(),
        sparkWidth,
        steady: false,
      }),
    1000,
    [sparkWidth, readOnly],
  );
  const keys = consoleKeys(readOnly || wizard === null);

  // The log is followed only while it is open: a closed panel costs nothing per command.
  useEffect(() => {
    if (!logOpen) return;
    setEntries(log.entries());
    return log.subscribe(() => setEntries(log.entries()));
  }, [logOpen, log]);

  const loadFailed = useCallback(
    (e: unknown) => setNotice({ text: `the procedures could not be loaded: ${errorMessage(e)}`, tone: 'bad' }),
    [],
  );

  const openWizard = useCallback(
    (start: WizardStart) => {
      if (!wizard) return;
      setHelp(false);
      setWizardStart(start);
      if (!loaded) {
        wizard.load().then(setLoaded, (e: unknown) => {
          setWizardStart(null);
          loadFailed(e);
        });
      }
    },
    [wizard, loaded, loadFailed],
  );

  // A read-write console looks for runs left unfinished by a hapilot that died, and offers to
  // resume them: once, after the first round is on screen. Loading the wizard (and src/ops) takes
  // the main thread for a few hundred milliseconds, which must not delay that first frame.
  const firstRoundShown = model.verdict.verdict !== 'waiting';
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
                text: `${plural(runs.length, 'unfinished run')} (${runs.map((r) => r.procedure).join(', ')}): press p to resume or review`,
                tone: 'warn',
              });
              setWizardStart((cur) => cur ?? { kind: 'resume' });
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

  useInput(
    (input, key) => {
      if (hostKey) {
        const yes = yesNo(input, key);
        if (yes !== null) hostKey.answer(yes);
        else if (key.ctrl && input === 'c') onQuit();
        return;
      }
      if ((key.ctrl && input === 'c') || input === 'q') return onQuit();
      if (key.ctrl && input === 'l') return onRedraw?.();
      if (input === '?') return setHelp((h) => !h);
      if (input === 'v') return setAllFindings((a) => !a);
      if (key.escape) {
        setHelp(false);
        setLogOpen(false);
        return;
      }
      if (input === 'l') {
        setSelected(null);
        return setLogOpen((o) => !o);
      }
      if (logOpen && (key.upArrow || key.downArrow)) {
        const n = entries.length;
        if (!n) return;
        const cur = selected ?? n - 1;
        const next = Math.max(0, Math.min(n - 1, cur + (key.upArrow ? -1 : 1)));
        return setSelected(next === n - 1 ? null : next);
      }
      if (input === 'r') return feed.refresh();
      if (input === '+' || input === '=') return feed.setIntervalMs(Math.min(3600_000, feed.intervalMs() + 1000));
      if (input === '-') return feed.setIntervalMs(Math.max(1000, feed.intervalMs() - 1000));
      if (input === 'c') return feed.reconnectRefused();
      if (wizard && !readOnly) {
        if (input === 'p') return openWizard(resumable ? { kind: 'resume' } : { kind: 'pick' });
        const proc = PROCEDURE_KEYS[input];
        if (proc) return openWizard({ kind: 'procedure', name: proc });
      }
    },
    { isActive: isRawModeSupported && wizardStart === null },
  );

  if (wizardStart && wizard) {
    if (!loaded) return <Text>loading the procedures…</Text>;
    const Screen = loaded.Screen;
    return (
      <Screen
        width={columns}
        height={rows}
        model={model}
        start={wizardStart}
        onClose={() => {
          setWizardStart(null);
          setNotice(null);
          setResumable(false);
          feed.refresh();
        }}
        onQuit={onQuit}
      />
    );
  }

  return (
    <Dashboard
      model={model}
      width={columns}
      height={rows}
      keys={keys}
      help={help}
      allFindings={allFindings}
      log={logOpen ? { entries, selected } : null}
      hostKey={hostKey?.question ?? null}
      notice={notice}
    />
  );
}
