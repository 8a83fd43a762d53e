// `hapilot watch`: the wallboard. Read-only, no keyboard needed, nobody to answer anything. A
// large verdict, a stale-data banner while a node does not answer (the board reconnects by
// itself and recovers when the node is back), both nodes' panes. No spinners and no ticking
// clocks: the model leaves out what changes without meaning (see `steady`), and a frame is drawn
// only when the model changed.
import { useInput, useStdin, useWindowSize } from 'ink';
import type { ClusterFeed } from '../cluster-feed.js';
import { useViewModel } from '../use-view-model.js';
import { wallboardModel } from './wallboard-model.js';
import { WallboardView } from './WallboardView.js';
import { commandFor } from '../key-bindings.js';
import { WALLBOARD_KEYS } from './keys.js';

export interface WallboardProps {
  feed: ClusterFeed;
  /** Called on the quit keys (keys.ts) when there is a keyboard. */
  onQuit(): void;
  size?: { columns: number; rows: number };
}

export function Wallboard({ feed, onQuit, size }: WallboardProps) {
  const window = useWindowSize();
  const { columns, rows } = size ?? window;
  const { isRawModeSupported } = useStdin();
  // No tick: everything shown changes only when a round or a connection does.
  const model = useViewModel(feed, () => wallboardModel(feed, columns, rows), null, [columns, rows]);
  useInput(
    (input, key) => {
      const command = commandFor(WALLBOARD_KEYS, input, key);
      switch (command) {
        case 'quit':
          return onQuit();
        case null:
          return;
        default: {
          const unhandled: never = command;
          throw new Error(`wallboard command ${String(unhandled)} has no action`);
        }
      }
    },
    // A wallboard may have no keyboard at all (stdin from /dev/null): then no input handling.
    { isActive: isRawModeSupported },
  );
  return <WallboardView model={model} width={columns} height={rows} />;
}
