// Host keys where ssh_config or known_hosts is odd, against the real lab nodes (issue 11, item 5):
// `UserKnownHostsFile none` with a file called "none" planted in the current folder, a known_hosts
// that knows the node under a key type it no longer offers, and a known_hosts that cannot be read.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { LAB, requireLab } from '../../support/lab.js';
import type { UnknownHostKeyQuestion } from '../../../src/transport/host-key-policy.js';
import { connectionTo, labCommon, labHostKeyFingerprint, labKnownHostsLines, refusedConnect, scratch, sshConfig } from './helpers.js';

before(requireLab);

/** An interactive operator that records every question and says yes to all of them. */
function yesSayer(): { questions: UnknownHostKeyQuestion[]; ask: (q: UnknownHostKeyQuestion) => Promise<boolean> } {
  const questions: UnknownHostKeyQuestion[] = [];
  return {
    questions,
    ask: async (q) => {
      questions.push(q);
      return true;
    },
  };
}

test('UserKnownHostsFile none: a file called "none" planted in the current folder is not trusted', async () => {
  const s = scratch();
  const cwd = process.cwd();
  try {
    // What an attacker who can write to the operator's current folder would plant: the real keys
    // (here; a man in the middle would plant his own).
    s.file('none', `${labKnownHostsLines('a').join('\n')}\n`);
    const common = labCommon('none').filter((l) => !l.startsWith('GlobalKnownHostsFile'));
    const cfg = s.file('ssh_config', sshConfig([{ name: 'lab-a', hostname: LAB.ip.a }], [...common, 'GlobalKnownHostsFile none']));
    process.chdir(s.dir);
    const err = await refusedConnect(connectionTo('lab-a', cfg));
    assert.match(err.message, /is not in known_hosts/);
    assert.match(err.message, /searched: {2}\(no known_hosts files\)/);
  } finally {
    process.chdir(cwd);
    s.cleanup();
  }
});

test('known_hosts knows lab-a only by a key type the node does not have: refused with the warning, the operator is not asked', async () => {
  const s = scratch();
  try {
    // An ECDSA P-521 key: hapilot asks lab-a for that type first; lab-a has none and answers with another.
    const key = path.join(s.dir, 'p521');
    await execa('ssh-keygen', ['-q', '-t', 'ecdsa', '-b', '521', '-N', '', '-C', '', '-f', key]);
    const [type, b64] = readFileSync(`${key}.pub`, 'utf8').trim().split(' ');
    const kh = s.file('known_hosts', `${LAB.ip.a} ${type} ${b64}\n`);
    const cfg = s.file('ssh_config', sshConfig([{ name: 'lab-a', hostname: LAB.ip.a }], labCommon(kh, 'ask')));
    const operator = yesSayer();
    const err = await refusedConnect(connectionTo('lab-a', cfg, { askUnknownHostKey: operator.ask }));
    assert.deepEqual(operator.questions, [], 'never a plain "unknown key, trust it?"');
    assert.match(err.message, /REMOTE HOST IDENTIFICATION HAS CHANGED/);
    const fp = await labHostKeyFingerprint('a');
    assert.ok(err.message.includes(`presented: ssh-ed25519 ${fp}`), err.message);
    assert.ok(err.message.includes(`  known:     ecdsa-sha2-nistp521 SHA256:`), err.message);
    assert.ok(err.message.includes(`(${kh}:1)`), err.message);
    assert.equal(readFileSync(kh, 'utf8').split('\n').length, 2, 'nothing added');
  } finally {
    s.cleanup();
  }
});

test('a known_hosts that cannot be read (a folder) is refused by name; the operator is not asked about an "unknown" key', async () => {
  const s = scratch();
  try {
    const kh = path.join(s.dir, 'known_hosts');
    mkdirSync(kh);
    const cfg = s.file('ssh_config', sshConfig([{ name: 'lab-a', hostname: LAB.ip.a }], labCommon(kh, 'ask')));
    const operator = yesSayer();
    const err = await refusedConnect(connectionTo('lab-a', cfg, { askUnknownHostKey: operator.ask }));
    assert.ok(err.message.includes(`cannot read the known_hosts file ${kh}: it is a folder`), err.message);
    assert.deepEqual(operator.questions, []);
  } finally {
    s.cleanup();
  }
});
