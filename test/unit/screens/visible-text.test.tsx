// Issue 11, item 3, in the console: a command in the command log holds a value a node produced;
// its control characters are drawn as escapes, never sent to the terminal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CommandLogPanel } from '../../../src/screens/components/CommandLogPanel.js';
import { renderAt } from './support.js';

test('item 3: the command log shows an OSC title and cursor movement inside a command as text', () => {
  const r = renderAt(
    <CommandLogPanel
      entries={[
        {
          id: 1,
          node: 'b',
          nodeName: 'lab-b',
          kind: 'change',
          label: 'Use it',
          command: "hp_vars_x='\u001b]0;owned\u0007\u001b[2A'\necho ok",
          startedAt: '2026-12-02T00:00:00Z',
          durationMs: 5,
          exitCode: 1,
          error: 'lab-b said \u009b2J',
        },
      ]}
      selected={null}
      width={100}
      height={8}
    />,
    { columns: 100, rows: 8 },
  );
  try {
    const frame = r.lastFrame();
    assert.doesNotMatch(frame, /\u001b\]|\u0007|\u009b|\u001b\[2A/);
    assert.match(frame, /hp_vars_x='\\e\]0;owned\\x07\\e\[2A'/);
    assert.match(frame, /lab-b said \\x9b2J/);
  } finally {
    r.unmount();
  }
});
