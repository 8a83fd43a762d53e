// The terminal is given back on every way out: a crash while rendering, SIGTERM, SIGHUP (the ssh
// session to the jump host dropped), stdin closing; the alternate screen is left and cleanup runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { Text } from 'ink';
import { runFullScreen } from '../../../src/screens/fullscreen.js';
import { tick } from './support.js';

const ENTER_ALT = '\u001B[?1049h';
const LEAVE_ALT = '\u001B[?1049l';

class FakeTty extends EventEmitter {
  readonly isTTY = true;
  columns = 80;
  rows = 24;
  written = '';
  writableLength = 0;
  write(s: string | Uint8Array, cb?: () => void) {
    this.written += String(s);
    cb?.();
    return true;
  }
}

class FakeStdin extends EventEmitter {
  readonly isTTY = true;
  isRaw = false;
  setRawMode(v: boolean) {
    this.isRaw = v;
    return this;
  }
  setEncoding() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
  read() {
    return null;
  }
}

function start(el: () => React.ReactElement, quitOnStdinEnd = true) {
  const stdout = new FakeTty();
  const stdin = new FakeStdin();
  let cleaned = 0;
  const done = runFullScreen(el, {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    stderr: new FakeTty() as unknown as NodeJS.WriteStream,
    quitOnStdinEnd,
    cleanup: async () => {
      cleaned++;
    },
  });
  return { stdout, stdin, done, cleaned: () => cleaned };
}

function Boom(): React.ReactElement {
  throw new Error('a bug in a component');
}

test('a crash while rendering: the alternate screen is left, cleanup runs, exit 70', async () => {
  const s = start(() => <Boom />);
  assert.equal(await s.done, 70);
  assert.ok(s.stdout.written.includes(ENTER_ALT));
  assert.ok(s.stdout.written.lastIndexOf(LEAVE_ALT) > s.stdout.written.indexOf(ENTER_ALT));
  assert.equal(s.cleaned(), 1);
});

for (const [signal, code] of [
  ['SIGTERM', 143],
  ['SIGHUP', 129],
  ['SIGINT', 130],
] as const) {
  test(`${signal}: the terminal is restored and cleanup runs once`, async () => {
    const before = process.listenerCount(signal);
    const s = start(() => <Text>hello</Text>);
    await tick(50);
    assert.ok(process.listenerCount(signal) > before, 'a handler while it runs');
    assert.ok(s.stdout.written.includes(ENTER_ALT));
    // The handler only, as the signal would call it (no real signal to the test runner).
    process.emit(signal, signal);
    assert.equal(await s.done, code);
    assert.ok(s.stdout.written.lastIndexOf(LEAVE_ALT) > s.stdout.written.indexOf(ENTER_ALT));
    assert.equal(s.cleaned(), 1);
    assert.equal(process.listenerCount(signal), before, 'its handlers are gone afterwards');
  });
}

test('stdin closing (the terminal went away) quits a console; a wallboard stays', async () => {
  const c = start(() => <Text>console</Text>);
  await tick(50);
  c.stdin.emit('end');
  assert.equal(await c.done, 129);
  assert.ok(c.stdout.written.includes(LEAVE_ALT));

  const w = start(() => <Text>wallboard</Text>, false);
  await tick(50);
  w.stdin.emit('end');
  const still = await Promise.race([w.done.then(() => 'ended'), tick(200).then(() => 'running')]);
  assert.equal(still, 'running');
  process.emit('SIGTERM', 'SIGTERM');
  assert.equal(await w.done, 143);
});
