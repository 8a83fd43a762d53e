// Host keys against the real lab nodes: a changed key and an unknown key are refused before
// anything runs; an operator can accept an unknown key interactively, and OpenSSH then trusts
// the line hapilot wrote.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { execa } from 'execa';
import { LAB, requireLab } from '../../support/lab.js';
import { TransportError } from '../../../src/transport/types.js';
import type { UnknownHostKeyQuestion } from '../../../src/transport/host-key-policy.js';
import { connectionTo, existsInNode, labCommon, labHostKeyFingerprint, labKnownHostsLines, run, scratch, sshConfig } from './helpers.js';

before(requireLab);

const marker = `/tmp/hapilot-hostkey-marker-${process.pid}`;

test('a known_hosts giving lab-a a different key: refused, both fingerprints named, nothing executed', async () => {
  const s = scratch();
  try {
    // lab-b's ed25519 key recorded under lab-a's address.
    const kh = s.file('known_hosts', `${labKnownHostsLines('b', { as: `lab-a,${LAB.ip.a}`, type: 'ssh-ed25519' }).join('\n')}\n`);
    const cfg = s.file('ssh_config', sshConfig([{ name: 'lab-a', hostname: LAB.ip.a }], labCommon(kh)));
    const conn = connectionTo('lab-a', cfg);
    try {
      const err = await conn
        .exec({ kind: 'change', text: `touch ${marker}`, label: 'marker' }, { timeoutMs: 15_000 })
        .catch((e: unknown) => e);
      assert.ok(err instanceof TransportError, String(err));
      assert.equal(err.code, 'refused');
      assert.equal(err.mayHaveRun, false);
      const expected = await labHostKeyFingerprint('b');
      const presented = await labHostKeyFingerprint('a');
      assert.ok(err.message.includes(`expected:  ${expected}  (${kh}:1)`), err.message);
      assert.ok(err.message.includes(`presented: ${presented}`), err.message);
      assert.match(err.message, /REMOTE HOST IDENTIFICATION HAS CHANGED/);
      assert.ok(err.message.includes(`ssh-keygen -R ${LAB.ip.a} -f ${kh}`), err.message);
      const st = conn.state;
      assert.ok(st.state === 'refused' && st.reason.includes(presented));
      // Said as a changed key, so a wallboard never retries it (cli/watch-retry.ts, issue 11 item 6).
      assert.equal(st.hostKey, 'changed');
      // Refused for good: no retry behind the operator's back.
      await assert.rejects(run(conn, 'true'), (e: unknown) => e instanceof TransportError && e.code === 'refused');
      assert.equal(await existsInNode('a', marker), false, 'the command must not have run');
    } finally {
      await conn.close();
    }
  } finally {
    s.cleanup();
  }
});

test('an empty known_hosts: the unknown key is refused non-interactively with its SHA256 fingerprint', async () => {
  const s = scratch();
  try {
    const kh = s.file('known_hosts', '');
    const cfg = s.file('ssh_config', sshConfig([{ name: 'lab-a', hostname: LAB.ip.a }], labCommon(kh, 'ask')));
    const conn = connectionTo('lab-a', cfg);
    try {
      const err = await conn
        .exec({ kind: 'change', text: `touch ${marker}`, label: 'marker' }, { timeoutMs: 15_000 })
        .catch((e: unknown) => e);
      assert.ok(err instanceof TransportError && err.code === 'refused', String(err));
      const fp = await labHostKeyFingerprint('a');
      assert.ok(err.message.includes(`presented: ssh-ed25519 ${fp}`), err.message);
      assert.match(err.message, /non-interactively/);
      assert.equal(readFileSync(kh, 'utf8'), '', 'nothing added');
      assert.equal(await existsInNode('a', marker), false);
    } finally {
      await conn.close();
    }
  } finally {
    s.cleanup();
  }
});

test('interactive: accepting the unknown key connects, and the key is appended where OpenSSH finds it', async () => {
  const s = scratch();
  try {
    const kh = s.file('known_hosts', '');
    const cfg = s.file('ssh_config', sshConfig([{ name: 'lab-a', hostname: LAB.ip.a }], labCommon(kh, 'ask')));
    const questions: UnknownHostKeyQuestion[] = [];
    const conn = connectionTo('lab-a', cfg, {
      askUnknownHostKey: async (q) => {
        questions.push(q);
        return true;
      },
    });
    try {
      assert.equal(await run(conn, 'hostname'), 'lab-a\n');
      const fp = await labHostKeyFingerprint('a');
      assert.deepEqual(questions, [{ host: LAB.ip.a, port: 22, keyType: 'ssh-ed25519', fingerprint: fp }]);
      const text = readFileSync(kh, 'utf8');
      assert.match(text, new RegExp(`^${LAB.ip.a.replaceAll('.', '\\.')} ssh-ed25519 AAAA\\S+\\n$`));
    } finally {
      await conn.close();
    }
    // OpenSSH, strict, with only that line, accepts the node.
    const strictCfg = s.file('ssh_config_strict', sshConfig([{ name: 'lab-a', hostname: LAB.ip.a }], labCommon(kh, 'yes')));
    const r = await execa('ssh', ['-F', strictCfg, '-o', 'BatchMode=yes', 'lab-a', 'hostname'], { reject: false, timeout: 30_000 });
    assert.equal(r.exitCode, 0, r.stderr);
    assert.equal(r.stdout.trim(), 'lab-a');
  } finally {
    s.cleanup();
  }
});

test('interactive: refusing the unknown key refuses the connection', async () => {
  const s = scratch();
  try {
    const kh = s.file('known_hosts', '');
    const cfg = s.file('ssh_config', sshConfig([{ name: 'lab-b', hostname: LAB.ip.b }], labCommon(kh, 'ask')));
    let asked = 0;
    const conn = connectionTo(
      'lab-b',
      cfg,
      {
        askUnknownHostKey: async () => {
          asked++;
          return false;
        },
      },
      'b',
    );
    try {
      await assert.rejects(
        conn.connect(),
        (e: unknown) => e instanceof TransportError && e.code === 'refused' && /did not accept/.test(e.message),
      );
      assert.equal(asked, 1);
      assert.equal(conn.state.state, 'refused');
      assert.equal(readFileSync(kh, 'utf8'), '');
    } finally {
      await conn.close();
    }
  } finally {
    s.cleanup();
  }
});

test("the VIP line lists both nodes' keys: whichever node holds the VIP is accepted", async () => {
  const s = scratch();
  try {
    const cfg = s.file('ssh_config', sshConfig([{ name: 'lab-vip', hostname: LAB.ip.vip }], labCommon(LAB.knownHosts)));
    const conn = connectionTo('lab-vip', cfg);
    try {
      assert.match(await run(conn, 'hostname'), /^lab-[ab]\n$/);
    } finally {
      await conn.close();
    }
  } finally {
    s.cleanup();
  }
});

test('only the ecdsa key is known: hapilot asks the node for that type and accepts it', async () => {
  const s = scratch();
  try {
    const kh = s.file('known_hosts', `${labKnownHostsLines('a', { type: 'ecdsa-sha2-nistp256' }).join('\n')}\n`);
    const cfg = s.file('ssh_config', sshConfig([{ name: 'lab-a', hostname: LAB.ip.a }], labCommon(kh)));
    const conn = connectionTo('lab-a', cfg);
    try {
      assert.equal(await run(conn, 'hostname'), 'lab-a\n');
    } finally {
      await conn.close();
    }
  } finally {
    s.cleanup();
  }
});
