// Durations and sizes as written in files and on the command line: decimal numbers only, more than
// zero where zero would mean "no limit". (Issue 11, item 8.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LONGEST_WAIT_SECONDS, parseDuration, parseDurationArgument, parseSize } from '../../../src/config/units.js';

test('item 8: a command-line duration is decimal: 0x10, 1e1, Infinity and the empty string are not seconds', () => {
  for (const bad of ['0x10', '0X10', '0o20', '0b10', '1e1', 'Infinity', '', ' ', '-5', '+5', '5 5', '5sec', '.5']) {
    assert.equal(parseDurationArgument(bad), null, JSON.stringify(bad));
  }
  assert.deepEqual(['5', '0.5', ' 2 ', '5s', '500ms', '2m', '1h'].map(parseDurationArgument), [5, 0.5, 2, 5, 0.5, 120, 3600]);
});

test('durations and sizes in files', () => {
  assert.deepEqual(['500ms', '5s', '2m', '1h', '7d', 30].map(parseDuration), [0.5, 5, 120, 3600, 604800, 30]);
  assert.deepEqual(['0x10', '5q', Number.POSITIVE_INFINITY, -1].map(parseDuration), [null, null, null, null]);
  assert.deepEqual(['16MB', '16MiB', '512k', 1024].map(parseSize), [16_000_000, 16 * 1024 * 1024, 512_000, 1024]);
  // Node's setTimeout fires at once when given more than 2^31-1 ms.
  assert.equal(LONGEST_WAIT_SECONDS, 2147483);
});
