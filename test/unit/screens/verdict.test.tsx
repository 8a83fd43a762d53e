// The verdict bar: healthy, degraded with its reasons, and split brain taking the whole width in
// red with what to do first (the finding's advice), never cut.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { VerdictBar, splitBrainLines } from '../../../src/screens/components/VerdictBar.js';
import { Dashboard } from '../../../src/screens/console/Dashboard.js';
import { consoleKeys } from '../../../src/screens/console/keys.js';
import { known } from '../../../src/cluster/facts.js';
import { healthyPair, primaryPg, reachable } from '../../support/facts.js';
import { healthyState, modelOf, renderAt, stateOf, type Rendered } from './support.js';

let r: Rendered | null = null;
afterEach(() => {
  r?.unmount();
  r = null;
});

function splitBrainModel() {
  const p = healthyPair();
  // B promoted while A still runs as primary and both hold the VIP: the lab's worst day.
  const b = {
    ...p.b,
    postgres: known({ ...primaryPg('lab-a'), timeline: 2, senders: [] }),
    vip: known({ address: '198.18.0.10', holds: true, interface: 'eth0' }),
  };
  return modelOf(stateOf({ a: reachable(p.a), b: reachable(b) }));
}

test('healthy: a green badge and no findings', () => {
  const m = modelOf(healthyState());
  r = renderAt(<VerdictBar verdict={m.verdict} width={80} maxLines={3} />, { columns: 80 });
  assert.match(r.lastFrame(), /^ HEALTHY {2}no findings/);
});

test('degraded: the badge and every reason, one per line', () => {
  const p = healthyPair();
  const b = {
    ...p.b,
    redis: known({ ...(p.b.redis!.known ? (p.b.redis as { value: object }).value : {}), masterLinkStatus: 'down' as const }),
  } as typeof p.b;
  const m = modelOf(stateOf({ a: reachable(p.a), b: reachable(b) }));
  assert.notEqual(m.verdict.verdict, 'healthy');
  r = renderAt(<VerdictBar verdict={m.verdict} width={100} maxLines={5} />, { columns: 100 });
  const out = r.lastFrame();
  assert.match(out, new RegExp(`^ ${m.verdict.title} `));
  for (const f of m.verdict.findings.slice(0, 5)) assert.ok(out.includes(f.message.slice(0, 40)), `reason shown: ${f.message}`);
});

test('too many reasons for the room: the rest are counted, not dropped silently', () => {
  const m = splitBrainModel();
  const v = {
    ...m.verdict,
    splitBrain: false,
    findings: Array.from({ length: 6 }, (_, i) => ({
      level: 'degraded' as const,
      mark: '!',
      tone: 'warn' as const,
      message: `reason ${i}`,
      advice: null,
    })),
  };
  r = renderAt(<VerdictBar verdict={v} width={80} maxLines={3} />, { columns: 80 });
  assert.match(r.lastFrame(), /reason 0/);
  assert.match(r.lastFrame(), /reason 1/);
  assert.match(r.lastFrame(), /\+4 more/);
});

test('split brain: the whole width, every line, with what to do first', () => {
  const m = splitBrainModel();
  assert.equal(m.verdict.splitBrain, true);
  assert.equal(m.verdict.title, 'SPLIT BRAIN');
  const width = 100;
  r = renderAt(<VerdictBar verdict={m.verdict} width={width} maxLines={12} />, { columns: width });
  const lines = r.lastFrame().split('\n');
  assert.match(lines[0]!, /SPLIT BRAIN/);
  // (That the red band spans the whole width is checked with colours on, in colour.test.tsx.)
  const text = lines.map((l) => l.trim()).join(' ');
  assert.match(text, /two PostgreSQL primaries, lab-a \(timeline 1\) and lab-b \(timeline 2\)/);
  assert.match(text, /both lab-a and lab-b hold the VIP/);
  assert.match(
    text,
    /DO FIRST: Fence one node first: stop writes on the node that must not be primary .* Do not promote, restart or resync anything before one side is fenced\./,
  );
});

test('split brain in little room: the advice stays whole, the layers are counted', () => {
  const m = splitBrainModel();
  const lines = splitBrainLines(m.verdict, 80, 6);
  assert.ok(lines.length <= 6, lines.join('\n'));
  assert.match(lines.join(' '), /DO FIRST: Fence one node first/);
  assert.match(lines.join(' '), /one side is fenced\./, 'the advice is not cut');
});

test('split brain on the dashboard comes before the panes, in red', () => {
  const m = splitBrainModel();
  r = renderAt(
    <Dashboard model={m} width={120} height={40} keys={consoleKeys(false)} help={false} log={null} hostKey={null} notice={null} />,
    { columns: 120, rows: 40 },
  );
  const lines = r.lines();
  const band = lines.findIndex((l) => l.includes('SPLIT BRAIN'));
  const panes = lines.findIndex((l) => l.includes('lab-a  PRIMARY'));
  assert.ok(band >= 0 && band < panes, 'the band is above the panes');
});

test('the colour of a split brain is red (and inverse when colours are off)', async () => {
  const { colourTheme, monoTheme } = await import('../../../src/screens/theme.js');
  assert.deepEqual(colourTheme.style('verdict-critical'), { color: 'white', backgroundColor: 'red', bold: true });
  assert.deepEqual(monoTheme.style('verdict-critical'), { bold: true, inverse: true });
});
