// The interactive console: the dashboard, its keys, the command log, host-key questions, and in a
// read-write console the procedure wizard. A key becomes a command through the key table
// (keys.ts), the command a new screen state and an effect through consoleInput (console-input.ts);
// this component only wires them to the feed, the wizard and the terminal. Everything about the
// cluster comes from the feed's view model.
import { useCallback, useState, useSyncExternalStore } from 'react';
import { Text, useInput, useStdin, useWindowSize } from 'ink';
import type { ClusterFeed } from '../cluster-feed.js';
import type { HostKeyBroker } from '../host-key-broker.js';
import { dashboardModel } from '../dashboard-model.js';
import { useViewModel } from '../use-view-model.js';
import { sparkWidthFor } from '../layout.js';
import { commandFor } from '../key-bindings.js';
import { consoleKeys, HOST_KEY_KEYS } from './keys.js';
import { CONSOLE_START, consoleInput, type ConsoleEffect } from './console-input.js';
import { useCommandLog, type CommandLogSource } from './use-command-log.js';
import { useWizard } from './use-wizard.js';
import { Dashboard } from './Dashboard.js';
import type { WizardEntry } from './wizard-entry.js';

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
  const [ui, setUi] = useState(CONSOLE_START);
  const entries = useCommandLog(log, ui.logOpen);
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
  const procedures = useWizard(wizard, model.verdict.verdict !== 'waiting');
  const keys = consoleKeys(readOnly || wizard === null);

  const carryOut = (effect: ConsoleEffect): void => {
    switch (effect.kind) {
      case 'quit':
        onQuit();
        return;
      case 'redraw':
        onRedraw?.();
        return;
      case 'refresh':
        feed.refresh();
        return;
      case 'reconnect':
        feed.reconnectRefused();
        return;
      case 'interval':
        feed.setIntervalMs(effect.ms);
        return;
      case 'wizard':
        procedures.open(effect.start);
        return;
      default: {
        const unhandled: never = effect;
        throw new Error(`console effect ${JSON.stringify(unhandled)} not carried out`);
      }
    }
  };

  useInput(
    (input, key) => {
      if (hostKey) {
        const answer = commandFor(HOST_KEY_KEYS, input, key);
        if (answer === 'quit') onQuit();
        else if (answer) hostKey.answer(answer === 'yes');
        return;
      }
      const command = commandFor(keys, input, key);
      if (!command) return;
      const step = consoleInput(ui, command, {
        logEntries: entries.length,
        intervalMs: feed.intervalMs(),
        resumable: procedures.resumable,
      });
      setUi(step.ui);
      if (step.effect) carryOut(step.effect);
    },
    { isActive: isRawModeSupported && procedures.start === null },
  );

  if (procedures.start && wizard) {
    if (!procedures.loaded) return <Text>loading the procedures…</Text>;
    const Screen = procedures.loaded.Screen;
    return (
      <Screen
        width={columns}
        height={rows}
        model={model}
        start={procedures.start}
        onClose={() => {
          procedures.close();
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
      help={ui.help}
      allFindings={ui.allFindings}
      log={ui.logOpen ? { entries, selected: ui.selected } : null}
      hostKey={hostKey?.question ?? null}
      notice={procedures.notice}
    />
  );
}
