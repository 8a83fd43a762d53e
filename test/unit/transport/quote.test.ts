// Quoting is proved by running the quoted text through real shells (dash, bash): a value must come
// out of `printf '%s'` byte for byte, whatever it contains.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, chmodSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { argvToShell, sh, shellQuote } from '../../../src/transport/quote.js';
import { wrapCommand } from '../../../src/transport/remote-command.js';
import { HOSTILE } from '../../fixtures/transport/hostile.js';

const shells = ['dash', 'bash'].filter((s) => existsSync(`/bin/${s}`) || existsSync(`/usr/bin/${s}`));

test('shellQuote leaves plain words bare and quotes everything else', () => {
  assert.equal(shellQuote(''), "''");
  assert.equal(shellQuote('abc'), 'abc');
  assert.equal(shellQuote('/var/lib/postgresql/15/main'), '/var/lib/postgresql/15/main');
  assert.equal(shellQuote('--config-file=/etc/x.conf'), '--config-file=/etc/x.conf');
  assert.equal(shellQuote('a b'), "'a b'");
  assert.equal(shellQuote("it's"), `'it'\\''s'`);
  assert.equal(shellQuote('$(x)'), "'$(x)'");
  // Bare-looking but not data: an assignment in command position, zsh's =cmd expansion, ~.
  assert.equal(shellQuote('FOO=bar'), "'FOO=bar'");
  assert.equal(shellQuote('=ls'), "'=ls'");
  assert.equal(shellQuote('~'), "'~'");
});

test('shellQuote refuses a NUL byte instead of cutting the value short', () => {
  assert.throws(() => shellQuote('a\0b'), /NUL/);
});

test('sh quotes every interpolation; arrays become one word per element', () => {
  const dir = '/var/lib/my dir';
  assert.equal(sh`du -sb -- ${dir}`, "du -sb -- '/var/lib/my dir'");
  assert.equal(sh`ls ${['-l', 'a b', '']}`, "ls -l 'a b' ''");
  assert.equal(sh`head -n ${5} ${'f'}`, 'head -n 5 f');
  assert.equal(argvToShell(['mongosh', '--quiet', '--eval', 'rs.status()']), "mongosh --quiet --eval 'rs.status()'");
  assert.throws(() => sh`echo ${undefined as unknown as string}`, /undefined/);
  assert.throws(() => sh`echo ${NaN}`, /number/);
});

for (const shell of shells) {
  test(`hostile values arrive as data through ${shell}`, async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hapilot-quote-'));
    const pwnedBefore = existsSync('/tmp/pwned');
    try {
      // One printf per value, NUL-separated, run from a scratch directory so a glob that
      // escaped would show up as file names.
      writeFileSync(path.join(dir, 'decoy'), '');
      const script = HOSTILE.map((v) => sh`printf '%s\\0' ${v}`).join('; ');
      const r = await execa(shell, ['-c', script], { cwd: dir, encoding: 'buffer', env: { HOME: '/home/nobody' } });
      const out = Buffer.from(r.stdout).toString('utf8').split('\0').slice(0, -1);
      assert.deepEqual(out, HOSTILE);
      // Arrays of the same values: one word each.
      const r2 = await execa(shell, ['-c', sh`printf '%s\\0' ${HOSTILE}`], { cwd: dir, encoding: 'buffer' });
      assert.deepEqual(Buffer.from(r2.stdout).toString('utf8').split('\0').slice(0, -1), HOSTILE);
      if (!pwnedBefore) assert.ok(!existsSync('/tmp/pwned'), 'a $( ) in a value ran');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('the node-side wrapper keeps the command text intact (timeout, sh -c)', async () => {
  const text = HOSTILE.map((v) => sh`printf '%s\\0' ${v}`).join('; ');
  const wrapped = wrapCommand(text, { timeoutSeconds: 10, sudo: false });
  assert.match(wrapped, /^timeout -k 2 10 sh -c '/);
  // The login shell (bash here) parses the wrapper; sh parses the text.
  const r = await execa('bash', ['-c', wrapped], { encoding: 'buffer' });
  assert.deepEqual(Buffer.from(r.stdout).toString('utf8').split('\0').slice(0, -1), HOSTILE);
});

test('the wrapper gives the node a time limit of its own', async () => {
  const t0 = Date.now();
  const r = await execa('bash', ['-c', wrapCommand('sleep 20', { timeoutSeconds: 0.3, sudo: false })], { reject: false });
  assert.equal(r.exitCode, 124); // timeout's status when it had to stop the command
  assert.ok(Date.now() - t0 < 5000);
});

test('with sudo, the wrapper runs `sudo -n` outside timeout and the text still arrives intact', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hapilot-sudo-'));
  try {
    // A stand-in sudo that insists on -n (non-interactive) and runs the rest of its arguments.
    const fake = path.join(dir, 'sudo');
    writeFileSync(fake, '#!/bin/sh\n[ "$1" = -n ] || { echo "sudo called without -n" >&2; exit 99; }\nshift\nexec "$@"\n');
    chmodSync(fake, 0o755);
    const text = HOSTILE.map((v) => sh`printf '%s\\0' ${v}`).join('; ');
    const wrapped = wrapCommand(text, { timeoutSeconds: 10, sudo: true });
    assert.match(wrapped, /^sudo -n timeout -k 2 10 sh -c '/);
    const r = await execa('bash', ['-c', wrapped], { encoding: 'buffer', env: { PATH: `${dir}:${process.env.PATH}` } });
    assert.deepEqual(Buffer.from(r.stdout).toString('utf8').split('\0').slice(0, -1), HOSTILE);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
