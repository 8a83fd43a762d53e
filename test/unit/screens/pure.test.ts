// The small pure pieces under the screens: sparkline, block letters, connection wording.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sparkline } from '../../../src/screens/sparkline.js';
import { bigText } from '../../../src/screens/big-letters.js';
import { connectionText } from '../../../src/screens/connection-text.js';

test('sparkline: scaled from zero, gaps for rounds without data, fixed width', () => {
  assert.equal(sparkline([0, 0, 0], 5), '  ▁▁▁');
  assert.equal(sparkline([0, 50, 100], 3), '▁▅█');
  assert.equal(sparkline([100, null, 100], 3), '█ █', 'a failed round is a gap, not zero lag');
  assert.equal(sparkline([1, 2, 3, 4, 5, 6], 3).length, 3, 'only the newest that fit');
  assert.equal(sparkline([], 4), '    ');
  assert.equal(sparkline([0, 14, 0], 3), '▁█▁', 'without a floor, the window max is full scale');
});

test('block letters for every verdict title, or null when too wide', () => {
  for (const t of ['HEALTHY', 'DEGRADED', 'CRITICAL', 'UNREACHABLE', 'CONNECTING', 'SPLIT BRAIN']) {
    const b = bigText(t, 200);
    assert.ok(b, t);
    assert.equal(b!.length, 5);
    assert.ok(b!.every((l) => l.length === b![0]!.length));
  }
  assert.equal(bigText('UNREACHABLE', 40), null);
  assert.equal(bigText('hello?', 200), null);
});

test('connection wording: lost says when it retries unless steady; refused keeps the whole message', () => {
  const now = Date.parse('2026-11-22T03:00:00Z');
  const lost = { state: 'lost' as const, reason: 'connect ETIMEDOUT', since: '', nextAttemptAt: new Date(now + 8000).toISOString() };
  assert.equal(connectionText(lost, now).line, 'lost: connect ETIMEDOUT · retry in 8 s');
  assert.equal(connectionText(lost, now, false).line, 'lost: connect ETIMEDOUT · reconnecting by itself');
  const msg =
    'The host key of lab-b is not in known_hosts: hapilot cannot tell it is talking to the right machine.\nRefused (hapilot is running non-interactively, so it cannot ask you).';
  const t = connectionText({ state: 'refused', reason: msg, since: '' }, now);
  assert.match(t.line, /^REFUSED: The host key of lab-b is not in known_hosts/);
  assert.equal(t.detail, msg);
});

test('small numbers on the wallboard: quantized, so flickering bytes and seconds draw no frame', async () => {
  const { quantizeSmall } = await import('../../../src/screens/pane-model.js');
  assert.equal(quantizeSmall('master · 1 replica · lag 14 B'), 'master · 1 replica · lag < 1 KiB');
  assert.equal(quantizeSmall('0 B / 0.1 s'), '< 1 KiB / < 10 s');
  assert.equal(quantizeSmall('lag 2.00 MiB / 12 s'), 'lag 2.00 MiB / 12 s', 'what matters is left alone');
  assert.equal(quantizeSmall('PRIMARY (rs0) · lab-b:27017 SECONDARY 1 s'), 'PRIMARY (rs0) · lab-b:27017 SECONDARY < 10 s');
  assert.equal(sparkline([0, 14, 0], 3, 1024 * 1024), '▁▁▁', 'a few bytes against a 1 MiB floor stay flat');
});

test("the wallboard's finding messages leave out what changes every round", async () => {
  const { steadyMessage } = await import('../../../src/screens/text-lines.js');
  const a =
    'lab-a unreachable: lab-a: not connected (no answer within 3000 ms); next attempt at 2026-11-22T06:08:20.120Z; last good data 06:06:19 (35 s ago)';
  const b = 'lab-a unreachable: lab-a: not connected (no answer within 3000 ms); reconnecting; last good data 06:06:19 (37 s ago)';
  assert.equal(steadyMessage(a), 'lab-a unreachable: lab-a: not connected (no answer within 3000 ms); last good data 06:06:19');
  assert.equal(steadyMessage(a), steadyMessage(b));
});
