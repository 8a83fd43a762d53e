// Colours: the split-brain band is red from edge to edge; with NO_COLOR (or the mono theme) no
// colour code is written at all, and emphasis comes from bold and inverse.
import './force-colour.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { known } from '../../../src/cluster/facts.js';
import { healthyPair, primaryPg, reachable } from '../../support/facts.js';
import { modelOf, renderAt, stateOf } from './support.js';
import { VerdictBar } from '../../../src/screens/components/VerdictBar.js';
import { Dashboard } from '../../../src/screens/console/Dashboard.js';
import { consoleKeys } from '../../../src/screens/console/keys.js';
import { monoTheme, themeFor, colourTheme } from '../../../src/screens/theme.js';

const strip = (s: string) => s.replace(/\u001B\[[0-9;]*m/g, '');
// SGR colour parameters: 30-37, 39, 40-47, 49, 90-97, 100-107, and 38;/48; extended colours.
const COLOUR_SGR = /\u001B\[(?:[0-9;]*;)?(?:3[0-9]|4[0-9]|9[0-7]|10[0-7])(?:;[0-9;]*)?m/;

function splitBrain() {
  const p = healthyPair();
  const b = { ...p.b, postgres: known({ ...primaryPg('lab-a'), timeline: 2, senders: [] }) };
  return modelOf(stateOf({ a: reachable(p.a), b: reachable(b) }));
}

test('NO_COLOR selects the monochrome theme; an explicit preference wins', () => {
  assert.equal(themeFor({ NO_COLOR: '1' }), monoTheme);
  assert.equal(themeFor({ NO_COLOR: '' }), colourTheme, 'an empty NO_COLOR does not count');
  assert.equal(themeFor({}), colourTheme);
  assert.equal(themeFor({}, 'mono'), monoTheme);
  assert.equal(themeFor({ NO_COLOR: '1' }, 'color'), colourTheme);
});

test('the split-brain band is red on every cell of the width', () => {
  const width = 90;
  const r = renderAt(<VerdictBar verdict={splitBrain().verdict} width={width} maxLines={10} />, { columns: width });
  const lines = r.lastFrame().split('\n');
  assert.ok(lines.length >= 3);
  for (const l of lines) {
    assert.match(l, /\u001B\[41m/, 'red background');
    assert.equal(strip(l).length, width, `full width: "${strip(l)}"`);
  }
  r.unmount();
});

test('with NO_COLOR nothing is coloured, and the verdict still stands out (inverse)', () => {
  const r = renderAt(
    <Dashboard
      model={splitBrain()}
      width={120}
      height={40}
      keys={consoleKeys(false)}
      help={false}
      log={null}
      hostKey={null}
      notice={null}
    />,
    {
      columns: 120,
      rows: 40,
      theme: themeFor({ NO_COLOR: '1' }),
    },
  );
  const out = r.lastFrame();
  assert.match(out, /\u001B\[/, 'styles are written (colours are forced on for this test)');
  assert.doesNotMatch(out, COLOUR_SGR, 'but no colour');
  assert.match(out, /\u001B\[7m(?:\u001B\[1m)? SPLIT BRAIN/, 'inverse band');
  r.unmount();
  const c = renderAt(
    <Dashboard
      model={splitBrain()}
      width={120}
      height={40}
      keys={consoleKeys(false)}
      help={false}
      log={null}
      hostKey={null}
      notice={null}
    />,
    { columns: 120, rows: 40 },
  );
  assert.match(c.lastFrame(), COLOUR_SGR, 'the colour theme does colour (the check above means something)');
  c.unmount();
});
