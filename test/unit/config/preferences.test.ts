import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openPreferences } from '../../../src/config/preferences.js';

test('preferences persist between runs, with defaults, in a file only the user can read', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hapilot-prefs-'));
  const first = openPreferences(dir);
  assert.equal(first.get('refreshSeconds'), 2);
  assert.equal(first.get('theme'), 'auto');
  first.set('lastCluster', '/srv/clusters/prod.yaml');
  first.set('refreshSeconds', 5);
  const second = openPreferences(dir);
  assert.equal(second.get('lastCluster'), '/srv/clusters/prod.yaml');
  assert.equal(second.get('refreshSeconds'), 5);
  assert.equal(statSync(second.path).mode & 0o777, 0o600);
  assert.deepEqual(Object.keys(JSON.parse(readFileSync(second.path, 'utf8'))).sort(), ['lastCluster', 'refreshSeconds', 'theme']);
  const before = statSync(second.path).mtimeMs;
  second.set('lastCluster', '/srv/clusters/prod.yaml');
  assert.equal(statSync(second.path).mtimeMs, before, 'the same value again is not written');
  assert.throws(() => second.set('refreshSeconds', 0), /refreshSeconds/);
  assert.equal(openPreferences(dir).get('refreshSeconds'), 5, 'a refused value is not written');
});

test('a hand-edited invalid value is reported, and the file is kept for the user to fix', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hapilot-prefs-'));
  writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ refreshSeconds: 0, theme: 'neon' }));
  assert.throws(() => openPreferences(dir), /config\.json: refreshSeconds: .*; theme: /);
  assert.match(readFileSync(path.join(dir, 'config.json'), 'utf8'), /neon/);
});
