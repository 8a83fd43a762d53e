import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLockSection } from '../../../src/probes/parse/lock.js';
import type { Section } from '../../../src/probes/sections.js';

const ctx = { sectionTimeout: 5 };
const section = (stdout: string, exitCode = 0): Section => ({
  name: 'lock',
  stdout,
  stderr: '',
  exitCode,
  timedOut: false,
  complete: true,
});
const b64 = (s: string) => Buffer.from(s).toString('base64');

test('no lock file: nobody holds the lock', () => {
  assert.deepEqual(parseLockSection(section('lock missing\n'), ctx), { known: true, value: null });
});

test('a lock file names who runs which procedure since when', () => {
  const holder = { runId: 'r1', procedure: 'switchover', operator: 'alice', from: 'jump1', pid: 42, since: '2026-11-22T03:00:00Z' };
  assert.deepEqual(parseLockSection(section(`lock present ${b64(JSON.stringify(holder))}\n`), ctx), { known: true, value: holder });
});

test('a lock file hapilot did not write is not guessed at', () => {
  const r = parseLockSection(section(`lock present ${b64('hello')}\n`), ctx);
  assert.equal(r.known, false);
  assert.match(!r.known ? r.reason : '', /does not hold a hapilot lock/);
  assert.equal(parseLockSection(undefined, ctx).known, false);
});
