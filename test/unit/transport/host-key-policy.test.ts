// The host key decision and its messages, on scratch known_hosts files and the fixture keys.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { execa } from 'execa';
import {
  blobKeyType,
  lookupName,
  preferredHostKeyAlgorithms,
  verifyHostKey,
  type HostKeyContext,
  type UnknownHostKeyQuestion,
} from '../../../src/transport/host-key-policy.js';
import { fingerprintSha256 } from '../../../src/transport/known-hosts.js';

const FIX = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/transport');
const keys = readFileSync(path.join(FIX, 'keys.pub'), 'utf8')
  .trim()
  .split('\n')
  .map((l) => {
    const [type, b64] = l.split(' ');
    return { type: type!, b64: b64!, blob: Buffer.from(b64!, 'base64') };
  });
const [k1, k2, , k4, k5] = keys as [(typeof keys)[0], (typeof keys)[0], (typeof keys)[0], (typeof keys)[0], (typeof keys)[0]];

function scratch(): { dir: string; file: string; done: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'hapilot-hkp-'));
  return { dir, file: path.join(dir, 'known_hosts'), done: () => rmSync(dir, { recursive: true, force: true }) };
}

function ctx(file: string, over: Partial<HostKeyContext> = {}): HostKeyContext {
  return {
    label: 'db1',
    host: '192.0.2.10',
    port: 22,
    knownHostsFiles: [file],
    appendTo: file,
    hashKnownHosts: false,
    strict: 'ask',
    ask: null,
    ...over,
  };
}

test('a matching key is accepted and nothing is written', async () => {
  const s = scratch();
  try {
    writeFileSync(s.file, `192.0.2.10 ${k1.type} ${k1.b64}\n`);
    const v = await verifyHostKey(ctx(s.file), k1.blob);
    assert.deepEqual(v, { accepted: true, keyType: 'ssh-ed25519', fingerprint: fingerprintSha256(k1.blob), addedTo: null });
    assert.equal(readFileSync(s.file, 'utf8').split('\n').length, 2);
  } finally {
    s.done();
  }
});

test('a changed key is refused loudly: host, both fingerprints, file:line, and the ssh-keygen -R to run', async () => {
  const s = scratch();
  try {
    writeFileSync(s.file, `# first line\n192.0.2.10 ${k1.type} ${k1.b64}\n`);
    let asked = false;
    const v = await verifyHostKey(ctx(s.file, { ask: async () => (asked = true) }), k2.blob);
    assert.equal(v.accepted, false);
    if (v.accepted) return;
    assert.equal(v.why, 'changed');
    assert.equal(asked, false, 'a changed key is never offered for acceptance');
    assert.match(v.message, /REMOTE HOST IDENTIFICATION HAS CHANGED/);
    assert.match(v.message, /db1 \(192\.0\.2\.10\)/);
    assert.ok(v.message.includes(`expected:  ${fingerprintSha256(k1.blob)}  (${s.file}:2)`), v.message);
    assert.ok(v.message.includes(`presented: ${fingerprintSha256(k2.blob)}`), v.message);
    assert.ok(v.message.includes(`ssh-keygen -R 192.0.2.10 -f ${s.file}`), v.message);
    assert.match(v.message, /nothing was sent/);
  } finally {
    s.done();
  }
});

test('[host]:port in the ssh-keygen -R advice is quoted for the shell', async () => {
  const s = scratch();
  try {
    writeFileSync(s.file, `[192.0.2.10]:2222 ${k1.type} ${k1.b64}\n`);
    const v = await verifyHostKey(ctx(s.file, { port: 2222 }), k2.blob);
    assert.ok(!v.accepted && v.message.includes(`ssh-keygen -R '[192.0.2.10]:2222' -f`), JSON.stringify(v));
  } finally {
    s.done();
  }
});

test('an unknown key is refused non-interactively, with its SHA256 fingerprint and how to add it', async () => {
  const s = scratch();
  try {
    writeFileSync(s.file, '');
    const v = await verifyHostKey(ctx(s.file), k1.blob);
    assert.equal(v.accepted, false);
    if (v.accepted) return;
    assert.equal(v.why, 'unknown');
    assert.ok(v.message.includes(`presented: ssh-ed25519 ${fingerprintSha256(k1.blob)}`), v.message);
    assert.match(v.message, /non-interactively/);
    assert.match(v.message, /ssh-keygen -lf \/etc\/ssh\/ssh_host_ed25519_key\.pub/);
    assert.ok(v.message.includes(`searched:  ${s.file}`));
    assert.equal(readFileSync(s.file, 'utf8'), '');
  } finally {
    s.done();
  }
});

test('interactive: the operator is asked with host, port, type and fingerprint; yes appends [host]:port to the first file', async () => {
  const s = scratch();
  try {
    const questions: UnknownHostKeyQuestion[] = [];
    const v = await verifyHostKey(
      ctx(s.file, {
        port: 2222,
        knownHostsFiles: [s.file, '/nonexistent/known_hosts'],
        ask: async (q) => {
          questions.push(q);
          return true;
        },
      }),
      k4.blob,
    );
    assert.deepEqual(questions, [{ host: '192.0.2.10', port: 2222, keyType: 'ssh-rsa', fingerprint: fingerprintSha256(k4.blob) }]);
    assert.equal(v.accepted, true);
    assert.equal(readFileSync(s.file, 'utf8'), `[192.0.2.10]:2222 ssh-rsa ${k4.b64}\n`);
    // OpenSSH finds it, and the next check matches without asking.
    const found = await execa('ssh-keygen', ['-F', '[192.0.2.10]:2222', '-f', s.file], { reject: false });
    assert.equal(found.exitCode, 0);
    const again = await verifyHostKey(ctx(s.file, { port: 2222, ask: async () => assert.fail('asked twice') }), k4.blob);
    assert.equal(again.accepted, true);
  } finally {
    s.done();
  }
});

test('interactive: HashKnownHosts yes writes a hashed line; the parent directory is created', async () => {
  const s = scratch();
  try {
    const file = path.join(s.dir, 'dot-ssh', 'known_hosts');
    const v = await verifyHostKey(ctx(file, { hashKnownHosts: true, ask: async () => true }), k1.blob);
    assert.equal(v.accepted, true);
    const text = readFileSync(file, 'utf8');
    assert.match(text, /^\|1\|[^ ]+ ssh-ed25519 /);
    assert.ok(!text.includes('192.0.2.10'));
  } finally {
    s.done();
  }
});

test('interactive: no from the operator refuses, and nothing is written', async () => {
  const s = scratch();
  try {
    const v = await verifyHostKey(ctx(s.file, { ask: async () => false }), k1.blob);
    assert.ok(!v.accepted && v.why === 'declined');
    assert.ok(!v.accepted && v.message.includes(fingerprintSha256(k1.blob)));
    assert.ok(!existsSync(s.file));
  } finally {
    s.done();
  }
});

test('StrictHostKeyChecking yes: the operator is not even asked', async () => {
  const s = scratch();
  try {
    const v = await verifyHostKey(ctx(s.file, { strict: 'yes', ask: async () => assert.fail('asked') }), k1.blob);
    assert.ok(!v.accepted && v.why === 'unknown');
    assert.ok(!v.accepted && /StrictHostKeyChecking is yes/.test(v.message));
  } finally {
    s.done();
  }
});

test('a revoked key is refused even when the host also lists it', async () => {
  const s = scratch();
  try {
    writeFileSync(s.file, `@revoked * ${k5.type} ${k5.b64}\n192.0.2.10 ${k5.type} ${k5.b64}\n`);
    const v = await verifyHostKey(ctx(s.file, { ask: async () => true }), k5.blob);
    assert.ok(!v.accepted && v.why === 'revoked');
    assert.ok(!v.accepted && v.message.includes(`${s.file}:1`));
  } finally {
    s.done();
  }
});

test('host key algorithms prefer the types known_hosts has for the host', () => {
  assert.deepEqual(preferredHostKeyAlgorithms([]).slice(0, 2), ['ssh-ed25519', 'ecdsa-sha2-nistp256']);
  assert.deepEqual(preferredHostKeyAlgorithms(['ecdsa-sha2-nistp256'])[0], 'ecdsa-sha2-nistp256');
  assert.deepEqual(preferredHostKeyAlgorithms(['ssh-rsa']).slice(0, 4), ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa', 'ssh-ed25519']);
  // Types ssh2 cannot use are left out rather than failing the connection.
  assert.ok(!preferredHostKeyAlgorithms(['sk-ssh-ed25519@openssh.com']).includes('sk-ssh-ed25519@openssh.com' as never));
  const all = preferredHostKeyAlgorithms(['ssh-ed25519', 'ssh-rsa']);
  assert.equal(new Set(all).size, all.length);
});

test('HostKeyAlias replaces the host name and port in the lookup, as in ssh', () => {
  assert.deepEqual(lookupName({ hostname: '10.0.0.1', port: 2222, hostKeyAlias: null }), { host: '10.0.0.1', port: 2222 });
  assert.deepEqual(lookupName({ hostname: '10.0.0.1', port: 2222, hostKeyAlias: 'db1' }), { host: 'db1', port: 22 });
});

test('blobKeyType reads the type from the key blob', () => {
  assert.equal(blobKeyType(k4.blob), 'ssh-rsa');
  assert.equal(blobKeyType(Buffer.from([0, 0, 0, 99, 1])), null);
});

test('item 5: a key of another type than the one known_hosts holds is refused with the warning, never offered as new', async () => {
  const s = scratch();
  try {
    writeFileSync(s.file, `# kh\n192.0.2.10 ${k1.type} ${k1.b64}\n`);
    let asked = false;
    const v = await verifyHostKey(ctx(s.file, { ask: async () => (asked = true) }), k4.blob);
    assert.ok(!v.accepted && v.why === 'other-type', JSON.stringify(v));
    assert.equal(asked, false, 'never a plain "unknown key, trust it?"');
    assert.match(v.message, /REMOTE HOST IDENTIFICATION HAS CHANGED/);
    assert.ok(
      v.message.includes(`db1 (192.0.2.10) presented its ssh-rsa host key, but known_hosts knows it by a key of another type:`),
      v.message,
    );
    assert.ok(v.message.includes(`  known:     ssh-ed25519 ${fingerprintSha256(k1.blob)}  (${s.file}:2)`), v.message);
    assert.ok(v.message.includes(`  presented: ssh-rsa ${fingerprintSha256(k4.blob)}`), v.message);
    assert.ok(v.message.includes(`ssh-keygen -R 192.0.2.10 -f ${s.file}`), v.message);
    assert.equal(readFileSync(s.file, 'utf8'), `# kh\n192.0.2.10 ${k1.type} ${k1.b64}\n`);
  } finally {
    s.done();
  }
});

test('a key type hapilot cannot ask for (a security-key type) leaves the ordinary unknown-key question, with a note', async () => {
  const s = scratch();
  try {
    // The blob only needs its type field for this check; the type is one ssh2 cannot negotiate.
    const type = 'sk-ssh-ed25519@openssh.com';
    const blob = Buffer.concat([Buffer.from([0, 0, 0, type.length]), Buffer.from(type), Buffer.alloc(40, 1)]);
    writeFileSync(s.file, `192.0.2.10 ${type} ${blob.toString('base64')}\n@cert-authority *.example.org,192.0.2.* ${k2.type} ${k2.b64}\n`);
    const v = await verifyHostKey(ctx(s.file), k1.blob);
    assert.ok(!v.accepted && v.why === 'unknown', JSON.stringify(v));
    assert.ok(v.message.includes(`known_hosts holds a ${type} key for it (${s.file}:1), a type hapilot cannot use`), v.message);
    assert.ok(
      v.message.includes(`known_hosts trusts a certificate authority for it (${s.file}:2), but hapilot does not use host certificates`),
      v.message,
    );
  } finally {
    s.done();
  }
});

test('item 5: a known_hosts that cannot be read (here a folder) refuses, saying so; never read as empty', async () => {
  const s = scratch();
  try {
    mkdirSync(s.file);
    let asked = false;
    const v = await verifyHostKey(ctx(s.file, { ask: async () => (asked = true) }), k1.blob);
    assert.ok(!v.accepted && v.why === 'unreadable', JSON.stringify(v));
    assert.equal(asked, false);
    assert.ok(v.message.includes(`cannot read the known_hosts file ${s.file}: it is a folder`), v.message);
    // A file that does not exist is empty, as for ssh (a first connection).
    const missing = await verifyHostKey(ctx(path.join(s.dir, 'nope')), k1.blob);
    assert.ok(!missing.accepted && missing.why === 'unknown');
  } finally {
    s.done();
  }
});
