// Sync per first-level subdirectory: `du -b --max-depth=1` output captured on the lab
// (test/fixtures/probes/sync/), compared between the nodes, and the trend across rounds that tells
// a sync still running from one that is done.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDuDepth1, syncDir } from '../../../src/probes/parse/sync.js';
import { compareSync, SyncHistory, trendOf, type SyncDifference } from '../../../src/cluster/sync-compare.js';
import { known } from '../../../src/cluster/facts.js';
import { syncDifferenceRows } from '../../../src/view/sync-differences.js';
import { statusDocument } from '../../../src/view/status-json.js';
import { assess } from '../../../src/cluster/assessment.js';
import { healthyPair, reachable, labLikeDefinition, NOW } from '../../support/facts.js';
import { section, CTX } from './fixtures.js';

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/probes/sync');
const fixture = (name: string) => readFileSync(path.join(DIR, name), 'utf8');

test('du --max-depth=1 on the lab: the total and each first-level subdirectory', () => {
  assert.deepEqual(syncDir(section('sync.0', fixture('a-labsync.txt')), CTX, '/var/lib/labsync'), {
    path: '/var/lib/labsync',
    bytes: 3948563,
    subdirs: [
      { name: 'config', bytes: 4115 },
      { name: 'recordings', bytes: 3149824 },
      { name: 'voicemail', bytes: 790528 },
    ],
  });
});

test('a subdirectory named with a space or a newline keeps its whole name', () => {
  const r = parseDuDepth1(fixture('b-odd-names.txt').replace(/\n$/, ''), '/tmp/hp-sync/labsync');
  assert.ok(typeof r !== 'string', String(r));
  assert.equal(r.bytes, 4937759);
  assert.deepEqual(
    r.subdirs.map((s) => s.name),
    ['config', 'new\nline', 'recordings', 'voicemail', 'with space'],
  );
});

test('output that is not du of that path is unknown with the reason, never a guess', () => {
  assert.match(String(parseDuDepth1('12\t/elsewhere', '/var/lib/labsync')), /no total line for \/var\/lib\/labsync/);
  assert.match(
    String(parseDuDepth1('5\t/other/x\n12\t/var/lib/labsync', '/var/lib/labsync')),
    /not a subdirectory of \/var\/lib\/labsync: "\/other\/x"/,
  );
  assert.match(String(parseDuDepth1('5\t/var/lib/labsync/a/b\n12\t/var/lib/labsync', '/var/lib/labsync')), /not a subdirectory/);
  assert.equal(syncDir(section('sync.0', 'garbage\n'), CTX, '/x').bytes, null);
});

function pair(bSubdirs: { name: string; bytes: number }[]) {
  const p = healthyPair();
  const a = parseDuDepth1(fixture('a-labsync.txt').trim(), '/var/lib/labsync');
  assert.ok(typeof a !== 'string');
  p.a.sync = known([{ path: '/var/lib/labsync', ...a }]);
  const bytes = bSubdirs.reduce((n, s) => n + s.bytes, 4096);
  p.b.sync = known([{ path: '/var/lib/labsync', bytes, subdirs: bSubdirs }]);
  return p;
}

test('the difference per subdirectory, a subdirectory one node lacks counting as 0 there', () => {
  const p = pair([
    { name: 'config', bytes: 4115 },
    { name: 'recordings', bytes: 1_000_000 },
  ]);
  const d = compareSync(p.a, p.b);
  const row = (sub: string | null) => d.find((x) => x.subdir === sub)!;
  assert.equal(row('config').diffBytes, 0);
  assert.equal(row('recordings').diffBytes, 2_149_824);
  assert.deepEqual(row('voicemail'), { path: '/var/lib/labsync', subdir: 'voicemail', a: 790528, b: null, diffBytes: 790528 });
  // The finding names where the difference is.
  const f = assess({ nodes: { a: reachable(p.a), b: reachable(p.b) } }, labLikeDefinition, NOW).findings.find(
    (x) => x.code === 'sync-diff',
  );
  assert.match(f?.message ?? '', /most in recordings 2\.05 MiB, voicemail 772 KiB \(not on lab-b\)/);
});

test('trend across rounds: shrinking is still syncing, steady at 0 is done, growing falls behind', () => {
  const h = new SyncHistory(10);
  const at = (bytes: number): SyncDifference[] => [
    { path: '/p', subdir: 'recordings', a: 3_000_000, b: 3_000_000 - bytes, diffBytes: bytes },
  ];
  h.add(0, at(2_000_000));
  assert.equal(h.trends(at(2_000_000))[0]!.trend, null, 'one round: no trend yet');
  h.add(5, at(1_000_000));
  const syncing = h.trends(at(1_000_000))[0]!;
  assert.equal(syncing.trend, 'shrinking');
  assert.match(syncDifferenceRows([syncing])[0]!.text, /recordings: 977 KiB · shrinking · syncing/);
  h.add(10, at(0));
  assert.equal(h.trends(at(0))[0]!.trend, 'shrinking', 'the last rounds still shrank');
  h.add(15, at(0));
  h.add(20, at(0));
  const done = h.trends(at(0))[0]!;
  assert.equal(done.trend, 'steady');
  assert.match(syncDifferenceRows([done])[0]!.text, /0 B · steady · in step/);
  assert.equal(trendOf([0, 500_000], 500_000), 'growing');
  assert.equal(trendOf([700_000, 700_100], 700_100), 'steady');
});

test('the JSON document carries each difference with its trend and state', () => {
  const p = pair([
    { name: 'config', bytes: 4115 },
    { name: 'recordings', bytes: 3149824 },
    { name: 'voicemail', bytes: 790528 },
  ]);
  const h = new SyncHistory(5);
  h.add(0, compareSync(p.a, p.b));
  h.add(1, compareSync(p.a, p.b));
  const nodes = { a: reachable(p.a), b: reachable(p.b) };
  const doc = statusDocument(
    { cluster: 'lab', takenAt: new Date(NOW).toISOString(), nodes },
    assess({ nodes }, labLikeDefinition, NOW),
    h.trends(compareSync(p.a, p.b)),
  );
  const rec = doc.sync.find((d) => d.subdir === 'recordings')!;
  assert.deepEqual(rec, {
    path: '/var/lib/labsync',
    subdir: 'recordings',
    a: 3149824,
    b: 3149824,
    diffBytes: 0,
    trend: 'steady',
    state: 'in step',
  });
});
