// Logging in with keys held by ssh-agent: a private agent started for this test, holding the lab
// key, and ssh_configs without a usable identity file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { LAB, requireLab } from '../../support/lab.js';
import { TransportError } from '../../../src/transport/types.js';
import { connectionTo, labCommon, run, scratch, sshConfig, type Scratch } from './helpers.js';

let s: Scratch;
let agent: { sock: string; pid: number } | null = null;

before(async () => {
  requireLab();
  s = scratch();
  // -a: the socket goes in our scratch directory; -s: Bourne shell output to parse.
  const sock = path.join(s.dir, 'agent.sock');
  const r = await execa('ssh-agent', ['-s', '-a', sock]);
  const pid = Number(/SSH_AGENT_PID=(\d+)/.exec(r.stdout)?.[1]);
  assert.ok(pid > 0, r.stdout);
  agent = { sock, pid };
  await execa('ssh-add', ['-q', LAB.identity], { env: { SSH_AUTH_SOCK: sock } });
});

after(() => {
  // The agent this file started, by its pid.
  if (agent) process.kill(agent.pid, 'SIGTERM');
  s?.cleanup();
});

const noIdentity = () => s.file('ssh_config', sshConfig([{ name: 'lab-a', hostname: LAB.ip.a }], labCommon(LAB.knownHosts, 'yes', null)));

test("no IdentityFile in ssh_config: the agent's key logs in", async () => {
  const conn = connectionTo('lab-a', noIdentity(), { env: { SSH_AUTH_SOCK: agent!.sock } });
  try {
    assert.equal(await run(conn, 'hostname'), 'lab-a\n');
  } finally {
    await conn.close();
  }
});

test('the same config without the agent has no way to log in (so the agent was what worked)', async (t) => {
  const defaults = ['id_rsa', 'id_ecdsa', 'id_ed25519'].map((k) => path.join(homedir(), '.ssh', k));
  if (defaults.some((f) => existsSync(f))) return t.skip('this machine has default keys in ~/.ssh');
  const conn = connectionTo('lab-a', noIdentity(), { env: {} });
  try {
    await assert.rejects(
      conn.connect(),
      (e: unknown) => e instanceof TransportError && e.code === 'refused' && /no way to log in/.test(e.message),
    );
  } finally {
    await conn.close();
  }
});

test('an encrypted identity file is used through the agent that holds it (IdentitiesOnly yes)', async () => {
  // A copy of the lab key with a passphrase: unusable directly, but its .pub matches the agent's key.
  const enc = path.join(s.dir, 'id_encrypted');
  copyFileSync(LAB.identity, enc);
  copyFileSync(`${LAB.identity}.pub`, `${enc}.pub`);
  await execa('ssh-keygen', ['-q', '-p', '-N', 'a passphrase', '-f', enc]);
  const cfg = s.file('ssh_config_enc', sshConfig([{ name: 'lab-a', hostname: LAB.ip.a }], labCommon(LAB.knownHosts, 'yes', enc)));
  const withAgent = connectionTo('lab-a', cfg, { env: { SSH_AUTH_SOCK: agent!.sock } });
  try {
    assert.equal(await run(withAgent, 'hostname'), 'lab-a\n');
  } finally {
    await withAgent.close();
  }
  const noAgent = connectionTo('lab-a', cfg, { env: {} });
  try {
    await assert.rejects(
      noAgent.connect(),
      (e: unknown) => e instanceof TransportError && e.code === 'refused' && /encrypted/.test(e.message) && /ssh-add/.test(e.message),
    );
  } finally {
    await noAgent.close();
  }
});

test("IdentitiesOnly yes with an unrelated identity file: the agent's keys are not offered", async () => {
  const other = path.join(s.dir, 'id_other');
  await execa('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', other]);
  const cfg = s.file('ssh_config_other', sshConfig([{ name: 'lab-a', hostname: LAB.ip.a }], labCommon(LAB.knownHosts, 'yes', other)));
  const conn = connectionTo('lab-a', cfg, { env: { SSH_AUTH_SOCK: agent!.sock } });
  try {
    await assert.rejects(
      conn.connect(),
      (e: unknown) => e instanceof TransportError && e.code === 'refused' && /refused the login/.test(e.message),
    );
    assert.equal(conn.state.state, 'refused');
  } finally {
    await conn.close();
  }
});
