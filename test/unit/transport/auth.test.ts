// Which login methods a target gets, on keys made by ssh-keygen in a scratch directory.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { agentSocket, AuthSetupError, buildAuth } from '../../../src/transport/auth.js';
import type { SshTarget } from '../../../src/transport/ssh-config.js';

let dir = '';
let plain = '';
let encrypted = '';

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'hapilot-auth-'));
  plain = path.join(dir, 'id_plain');
  encrypted = path.join(dir, 'id_encrypted');
  await execa('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', plain]);
  await execa('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'secret passphrase', '-f', encrypted]);
});
after(() => rmSync(dir, { recursive: true, force: true }));

function target(over: Partial<SshTarget>): SshTarget {
  return {
    destination: 'db1',
    hostname: '192.0.2.10',
    port: 22,
    user: 'ops',
    identityFiles: [],
    identitiesOnly: false,
    identityAgent: null,
    proxyJump: null,
    userKnownHostsFiles: [],
    globalKnownHostsFiles: [],
    strictHostKeyChecking: 'ask',
    hashKnownHosts: false,
    hostKeyAlias: null,
    connectTimeout: null,
    serverAliveInterval: 0,
    serverAliveCountMax: 3,
    ...over,
  };
}

test('the agent socket: IdentityAgent wins over SSH_AUTH_SOCK; none means no agent', () => {
  const env = { SSH_AUTH_SOCK: '/run/agent.sock', OTHER: '/run/other.sock' };
  assert.equal(agentSocket(null, env), '/run/agent.sock');
  assert.equal(agentSocket('SSH_AUTH_SOCK', env), '/run/agent.sock');
  assert.equal(agentSocket('$OTHER', env), '/run/other.sock');
  assert.equal(agentSocket('none', env), null);
  assert.equal(agentSocket('/tmp/a.sock', env), '/tmp/a.sock');
  assert.equal(agentSocket(null, {}), null);
});

test('an identity file without a passphrase becomes a publickey method for the target user', () => {
  const plan = buildAuth(target({ identityFiles: [plain] }), {});
  assert.equal(plan.methods.length, 1);
  assert.equal(plan.methods[0]?.type, 'publickey');
  assert.equal(plan.methods[0]?.username, 'ops');
  assert.deepEqual(plan.tried, [`key ${plain}`]);
});

test('an agent socket that exists comes first', () => {
  const sock = path.join(dir, 'fake-agent.sock');
  writeFileSync(sock, ''); // only its existence is checked before connecting
  const plan = buildAuth(target({ identityFiles: [plain] }), { SSH_AUTH_SOCK: sock });
  assert.deepEqual(
    plan.methods.map((m) => m.type),
    ['agent', 'publickey'],
  );
});

test('an encrypted key with no agent: a clear error naming the key and ssh-add', () => {
  assert.throws(
    () => buildAuth(target({ identityFiles: [encrypted] }), {}),
    (e: Error) => e instanceof AuthSetupError && e.message.includes(encrypted) && /passphrase/.test(e.message) && /ssh-add/.test(e.message),
  );
});

test('no key and no agent: says so', () => {
  assert.throws(
    () => buildAuth(target({}), {}),
    (e: Error) => e instanceof AuthSetupError && /no identity file/.test(e.message) && /SSH_AUTH_SOCK is not set/.test(e.message),
  );
});
