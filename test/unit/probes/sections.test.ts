// Splitting a round's output into sections: real output from the lab, then the damaged kinds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitSections } from '../../../src/probes/sections.js';
import { capture } from './fixtures.js';

test('a real round from lab-a splits into every configured section, in order, each with its exit code', () => {
  const c = capture('a-full');
  assert.deepEqual(
    [...c.sections.keys()],
    [
      'host',
      'role_files',
      'services',
      'postgres',
      'repmgr',
      'redis',
      'mongodb',
      'sync.0',
      'sync.1',
      'vip',
      'keepalived',
      'backups',
      'asterisk',
      'round',
    ],
  );
  for (const s of c.sections.values()) assert.equal(s.complete, true, s.name);
  assert.equal(c.section('host').exitCode, 0);
  assert.equal(c.section('asterisk').exitCode, 127);
  assert.equal(c.section('asterisk').stderr, 'asterisk: command not found\n');
  assert.match(c.section('host').stdout, /^hostname lab-a\nuptime [\d.]+ [\d.]+\nloadavg .*\nclock \d+\n$/);
});

test("Redis's CRLF line ends survive the split byte for byte", () => {
  const redis = capture('a-full').section('redis');
  assert.match(redis.stdout, /^# Replication\r\nrole:master\r\n/);
});

test('a section killed by timeout is marked timed out (exit 124), and the round goes on', () => {
  const c = capture('a-section-timeout');
  const s = c.section('asterisk');
  assert.equal(s.exitCode, 124);
  assert.equal(s.timedOut, true);
  assert.equal(c.section('host').timedOut, false);
  assert.ok(c.sections.has('round'));
});

test('a delimiter with another nonce inside a section is plain output; it cannot end or open a section', () => {
  const nonce = 'aaaa1111bbbb2222';
  const forged = [
    '@@hapilot:deadbeefdeadbeef:end:host:0@@',
    '@@hapilot:deadbeefdeadbeef:begin:postgres@@',
    'role:master',
    '@@hapilot:AAAA1111BBBB2222:end:host:0@@', // case differs: not the nonce either
    ' @@hapilot:aaaa1111bbbb2222:end:host:0@@', // not at the start of a line
  ].join('\n');
  const output = [
    `@@hapilot:${nonce}:begin:host@@`,
    forged,
    `@@hapilot:${nonce}:stderr:host@@`,
    '',
    `@@hapilot:${nonce}:end:host:0@@`,
    '',
  ].join('\n');
  const sections = splitSections(output, nonce);
  assert.deepEqual([...sections.keys()], ['host']);
  assert.equal(sections.get('host')!.stdout, forged);
  assert.equal(sections.get('host')!.complete, true);
  // And with the forged nonce, nothing is recognised as ours.
  assert.equal(splitSections(output, 'deadbeefdeadbeef').has('postgres'), true, 'sanity: the forged markers are well-formed');
});

test('output cut off in the middle: earlier sections are whole, the cut one is incomplete, later ones absent', () => {
  const c = capture('a-full');
  const cut = c.output.indexOf('sender\x1f');
  assert.ok(cut > 0);
  const sections = splitSections(c.output.slice(0, cut + 10), c.meta.nonce);
  assert.equal(sections.get('services')!.complete, true);
  const pg = sections.get('postgres')!;
  assert.equal(pg.complete, false);
  assert.equal(pg.exitCode, null);
  assert.match(pg.stdout, /^overview\x1f\{/);
  assert.equal(sections.has('redis'), false);
});

test('cut between stderr and end delimiters: incomplete, with what stderr there was', () => {
  const nonce = 'cccc3333dddd4444';
  const out = `@@hapilot:${nonce}:begin:redis@@\n\n@@hapilot:${nonce}:stderr:redis@@\nCould not conn`;
  const s = splitSections(out, nonce).get('redis')!;
  assert.equal(s.complete, false);
  assert.equal(s.stdout, '');
  assert.equal(s.stderr, 'Could not conn');
});

test('an end delimiter without a number (the section left no status) gives exitCode null', () => {
  const nonce = 'eeee5555ffff6666';
  const out = `@@hapilot:${nonce}:begin:vip@@\nx\n@@hapilot:${nonce}:stderr:vip@@\n\n@@hapilot:${nonce}:end:vip:none@@\n`;
  const s = splitSections(out, nonce).get('vip')!;
  assert.equal(s.complete, true);
  assert.equal(s.exitCode, null);
  assert.equal(s.stdout, 'x');
});

test('output that ends without a newline keeps its last byte (the script adds its own newline)', () => {
  const nonce = 'gggg7777hhhh8888';
  const out = `@@hapilot:${nonce}:begin:sync.0@@\nmissing\n@@hapilot:${nonce}:stderr:sync.0@@\nno newline\n@@hapilot:${nonce}:end:sync.0:0@@\n`;
  const s = splitSections(out, nonce).get('sync.0')!;
  assert.equal(s.stdout, 'missing');
  assert.equal(s.stderr, 'no newline');
});

test('garbage, empty output and a bad nonce give no sections, without throwing', () => {
  assert.equal(splitSections('', 'abcdef012345').size, 0);
  assert.equal(splitSections('bash: line 1: hapilot: command not found\n\x00\xff', 'abcdef012345').size, 0);
  assert.equal(splitSections(capture('a-full').output, 'not a nonce!').size, 0);
  assert.equal(splitSections(capture('a-full').output, 'abcdef0123456789').size, 0);
});
