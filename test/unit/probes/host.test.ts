// host section and clock skew.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHost, parseRound, clockSkew } from '../../../src/probes/parse/host.js';
import { capture, section, CTX } from './fixtures.js';

const noClock = { sentAtMs: 0, receivedAtMs: 0, nodeStartMs: null, nodeEndMs: null };

test('lab-a host: name, uptime, three load averages, its clock, and a small skew (same machine)', () => {
  const c = capture('a-full');
  const round = parseRound(c.sections.get('round'));
  assert.ok(round && round.endMs >= round.startMs);
  const f = parseHost(c.section('host'), c.ctx, {
    sentAtMs: c.meta.sentAtMs,
    receivedAtMs: c.meta.receivedAtMs,
    nodeStartMs: round.startMs,
    nodeEndMs: round.endMs,
  });
  assert.ok(f.known, JSON.stringify(f));
  assert.equal(f.value.hostname, 'lab-a');
  assert.ok(f.value.uptimeSeconds > 0);
  assert.equal(f.value.load.length, 3);
  assert.ok(f.value.load.every((l) => l >= 0));
  assert.ok(f.value.clockMs >= c.meta.sentAtMs - 1000 && f.value.clockMs <= c.meta.receivedAtMs + 1000);
  // The lab's nodes share this machine's clock: the skew is only measurement noise.
  assert.ok(Math.abs(f.value.clockSkewMs) < 500, `skew ${f.value.clockSkewMs} ms`);
});

test('clock skew leaves out the time the sections took: a slow round does not look like a skewed clock', () => {
  // Sent at 1000, answered at 7000 (6 s), of which 5.8 s were sections running on the node.
  // The node's clock is exactly 60 s ahead: it started the round at 1000 + 100 + 60000.
  const skew = clockSkew(61_100, { sentAtMs: 1000, receivedAtMs: 7000, nodeStartMs: 61_100, nodeEndMs: 66_900 });
  assert.equal(skew, 60_000);
  // Without the round's own times, the midpoint of the round trip is all there is.
  assert.equal(clockSkew(64_000, { sentAtMs: 1000, receivedAtMs: 7000, nodeStartMs: null, nodeEndMs: null }), 60_000);
});

test('host unknowns: missing section, timed out, garbage, a failed command', () => {
  assert.deepEqual(parseHost(undefined, CTX, noClock), {
    known: false,
    reason: 'no output for this section: the probe round did not return it',
    cause: 'no-output',
  });
  assert.deepEqual(parseHost(section('host', '', '', 124), CTX, noClock), {
    known: false,
    reason: 'timed out after 5 s',
    cause: 'timed-out',
  });
  const garbage = parseHost(section('host', 'hostname x\nuptime soon\n'), CTX, noClock);
  assert.equal(garbage.known, false);
  assert.match(!garbage.known ? garbage.reason : '', /^output did not parse: uptime "soon"/);
  const noNs = parseHost(section('host', 'hostname x\nuptime 1.0 2.0\nloadavg 0.1 0.2 0.3 1/2 3\nclock 1795322637%N\n'), CTX, noClock);
  assert.match(!noNs.known ? noNs.reason : '', /clock "1795322637%N" \(expected date \+%s%N\)/);
  const cut = parseHost({ ...section('host', 'hostname x\n'), complete: false, exitCode: null }, CTX, noClock);
  assert.deepEqual(cut, { known: false, reason: 'output cut off before the end of the section', cause: 'no-output' });
});
