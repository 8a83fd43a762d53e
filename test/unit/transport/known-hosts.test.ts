// known_hosts parsing and matching, on fixtures made by real OpenSSH tools
// (test/fixtures/transport/make-known-hosts.sh): known_hosts.plain, its twin hashed by
// `ssh-keygen -H`, the keys (keys.pub) and the fingerprints `ssh-keygen -l` printed for them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { execa } from 'execa';
import {
  appendKnownHostsLine,
  checkHostKey,
  entryMatches,
  fingerprintSha256,
  formatKnownHostsLine,
  knownKeyTypes,
  parseKnownHosts,
  wildcardMatch,
} from '../../../src/transport/known-hosts.js';

const FIX = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/transport');
const read = (name: string) => readFileSync(path.join(FIX, name), 'utf8');

// keys.pub holds k1..k6 in order ("type base64 comment").
const KEYS = Object.fromEntries(
  read('keys.pub')
    .trim()
    .split('\n')
    .map((l) => {
      const [type, b64, name] = l.split(' ');
      return [name!, { type: type!, blob: Buffer.from(b64!, 'base64') }];
    }),
) as Record<'k1' | 'k2' | 'k3' | 'k4' | 'k5' | 'k6', { type: string; blob: Buffer }>;
// "k1 256 SHA256:... k1 (ED25519)" as ssh-keygen -l printed it.
const FINGERPRINTS = Object.fromEntries(
  read('fingerprints.txt')
    .trim()
    .split('\n')
    .map((l) => {
      const [name, , fp] = l.split(' ');
      return [name!, fp!];
    }),
);

test('SHA256 fingerprints are exactly what ssh-keygen -l prints', () => {
  for (const [name, key] of Object.entries(KEYS)) assert.equal(fingerprintSha256(key.blob), FINGERPRINTS[name], name);
});

test('comments, blank lines and malformed lines are skipped; markers are kept', () => {
  const entries = parseKnownHosts(read('known_hosts.plain'), 'kh');
  assert.deepEqual(
    entries.map((e) => e.line),
    [3, 4, 5, 6, 7, 8, 9, 10, 11],
  );
  assert.deepEqual(
    entries.map((e) => e.marker),
    [null, null, null, null, null, null, 'revoked', 'cert-authority', null],
  );
  assert.deepEqual(entries[0]?.hosts, { kind: 'patterns', patterns: ['db1.example.org', '192.0.2.10'] });
});

for (const variant of ['known_hosts.plain', 'known_hosts.hashed'] as const) {
  const entries = parseKnownHosts(read(variant), variant);
  const check = (host: string, port: number, key: keyof typeof KEYS) => checkHostKey(entries, host, port, KEYS[key].type, KEYS[key].blob);

  test(`${variant}: a known key matches, under each of the line's names`, () => {
    assert.equal(check('db1.example.org', 22, 'k1').result, 'match');
    assert.equal(check('192.0.2.10', 22, 'k1').result, 'match');
    assert.equal(check('DB1.example.ORG', 22, 'k1').result, 'match'); // host names compare case-insensitively
    assert.equal(check('db3.example.org', 22, 'k2').result, 'match'); // written as DB3.Example.ORG
  });

  test(`${variant}: a different key of the same type is "changed", naming the expected key's file:line`, () => {
    const r = check('db1.example.org', 22, 'k2');
    assert.equal(r.result, 'changed');
    if (r.result !== 'changed') return;
    assert.equal(r.presented, FINGERPRINTS.k2);
    assert.deepEqual(r.expected, [{ fingerprint: FINGERPRINTS.k1, file: variant, line: 3 }]);
  });

  test(`${variant}: [host]:port entries apply to that port only`, () => {
    assert.equal(check('db2.example.org', 2222, 'k2').result, 'match');
    assert.equal(check('db2.example.org', 22, 'k2').result, 'unknown');
    assert.equal(check('db1.example.org', 2222, 'k1').result, 'unknown');
  });

  test(`${variant}: wildcards and negation`, () => {
    assert.equal(check('web.lan', 22, 'k3').result, 'match');
    assert.equal(check('secret.lan', 22, 'k3').result, 'unknown'); // !secret.lan rules the line out
    assert.equal(check('node1.example.net', 22, 'k4').result, 'match');
    assert.equal(check('node12.example.net', 22, 'k4').result, 'unknown'); // ? is exactly one character
  });

  test(`${variant}: several keys for one host (a VIP): any of them matches`, () => {
    assert.equal(check('vip.example.org', 22, 'k1').result, 'match');
    assert.equal(check('vip.example.org', 22, 'k2').result, 'match');
    const other = check('vip.example.org', 22, 'k6');
    assert.equal(other.result, 'changed');
    if (other.result === 'changed')
      assert.deepEqual(
        other.expected.map((e) => e.fingerprint),
        [FINGERPRINTS.k1, FINGERPRINTS.k2],
      );
  });

  test(`${variant}: a key of a type known_hosts lacks for the host is unknown, naming the keys it has and the authorities, with file:line`, () => {
    const r = check('vip.example.org', 22, 'k4');
    const at = (key: keyof typeof KEYS, line: number) => ({ keyType: KEYS[key].type, fingerprint: FINGERPRINTS[key], file: variant, line });
    // ssh-keygen -H writes db1's line once per name, so the hashed file's later lines move down one.
    const shift = variant === 'known_hosts.hashed' ? 1 : 0;
    assert.deepEqual(r, { result: 'unknown', otherKeys: [at('k1', 7 + shift), at('k2', 8 + shift)], authorities: [at('k6', 10 + shift)] });
    assert.deepEqual(knownKeyTypes(entries, 'vip.example.org', 22), ['ssh-ed25519']);
    assert.deepEqual(knownKeyTypes(entries, 'nowhere.example', 22), []);
  });

  test(`${variant}: @revoked wins; @cert-authority keys are not host keys`, () => {
    const r = check('anything.example', 22, 'k5');
    assert.equal(r.result, 'revoked');
    assert.equal(check('x.example.org', 22, 'k6').result, 'unknown');
  });
}

test('the hashed fixture really is hashed (nothing readable left for the hashed names)', () => {
  const text = read('known_hosts.hashed');
  assert.ok(!text.includes('db1.example.org'));
  assert.equal(parseKnownHosts(text, 'h').filter((e) => e.hosts.kind === 'hashed').length, 6);
});

test('wildcardMatch follows OpenSSH match_pattern', () => {
  assert.ok(wildcardMatch('*', 'anything'));
  assert.ok(wildcardMatch('*.lan', 'a.b.lan'));
  assert.ok(!wildcardMatch('*.lan', 'lan'));
  assert.ok(wildcardMatch('db?', 'db1'));
  assert.ok(!wildcardMatch('db?', 'db'));
  assert.ok(wildcardMatch('[10.0.0.*]:2222', '[10.0.0.7]:2222'));
  assert.ok(wildcardMatch('A*Z', 'abcz'));
});

test('lines hapilot writes (plain and hashed) are found by OpenSSH itself (ssh-keygen -F)', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hapilot-kh-'));
  try {
    const file = path.join(dir, 'known_hosts');
    writeFileSync(file, '# no newline at the end');
    appendKnownHostsLine(file, formatKnownHostsLine('node-a.example', 22, KEYS.k1.type, KEYS.k1.blob, { hash: false }));
    appendKnownHostsLine(file, formatKnownHostsLine('Node-B.example', 2222, KEYS.k2.type, KEYS.k2.blob, { hash: true }));
    const text = readFileSync(file, 'utf8');
    assert.ok(text.startsWith('# no newline at the end\nnode-a.example ssh-ed25519 '));
    assert.ok(!text.includes('node-b'));
    const entries = parseKnownHosts(text, file);
    assert.equal(checkHostKey(entries, 'node-a.example', 22, KEYS.k1.type, KEYS.k1.blob).result, 'match');
    assert.equal(checkHostKey(entries, 'node-b.example', 2222, KEYS.k2.type, KEYS.k2.blob).result, 'match');
    const a = await execa('ssh-keygen', ['-F', 'node-a.example', '-f', file], { reject: false });
    assert.equal(a.exitCode, 0, a.stderr);
    const b = await execa('ssh-keygen', ['-F', '[node-b.example]:2222', '-f', file], { reject: false });
    assert.equal(b.exitCode, 0, b.stderr);
    assert.match(b.stdout, /\|1\|/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('entryMatches on a hashed name uses the exact name OpenSSH hashes ([host]:port for other ports)', () => {
  const line = formatKnownHostsLine('h.example', 2200, KEYS.k1.type, KEYS.k1.blob, { hash: true });
  const [entry] = parseKnownHosts(line, 'x');
  assert.ok(entry);
  assert.ok(entryMatches(entry.hosts, '[h.example]:2200'));
  assert.ok(!entryMatches(entry.hosts, 'h.example'));
});
