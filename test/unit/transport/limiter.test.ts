import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLimiter } from '../../../src/transport/limiter.js';

const tick = () => new Promise((r) => setImmediate(r));

test('never more than max tasks at once; the rest wait in arrival order', async () => {
  const limiter = createLimiter(3);
  const started: number[] = [];
  const release: (() => void)[] = [];
  const all = Array.from({ length: 7 }, (_, i) =>
    limiter.run(async () => {
      started.push(i);
      await new Promise<void>((r) => release.push(r));
      return i;
    }),
  );
  await tick();
  assert.deepEqual(started, [0, 1, 2]);
  assert.equal(limiter.active, 3);
  assert.equal(limiter.waiting, 4);
  release.shift()!();
  await tick();
  await tick();
  assert.deepEqual(started, [0, 1, 2, 3]);
  assert.equal(limiter.active, 3);
  while (started.length < 7 || release.length) {
    release.shift()?.();
    await tick();
  }
  assert.deepEqual(await Promise.all(all), [0, 1, 2, 3, 4, 5, 6]);
  assert.equal(limiter.peak, 3);
  assert.equal(limiter.active, 0);
  assert.equal(limiter.waiting, 0);
});

test('a task that throws frees its slot', async () => {
  const limiter = createLimiter(1);
  await assert.rejects(
    limiter.run(async () => Promise.reject(new Error('boom'))),
    /boom/,
  );
  assert.equal(await limiter.run(async () => 'next'), 'next');
  assert.equal(limiter.active, 0);
});

test('max must be a positive integer', () => {
  assert.throws(() => createLimiter(0), RangeError);
  assert.throws(() => createLimiter(1.5), RangeError);
});
