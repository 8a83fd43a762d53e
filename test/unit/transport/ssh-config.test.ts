// `ssh -G` parsing, on output captured from this machine's OpenSSH (test/fixtures/transport/ssh-G-*.txt):
//   ssh-G-lab-a.txt       ssh -G -F .lab/client/ssh_config lab-a
//   ssh-G-proxyjump.txt   ssh -G -F ssh_config-proxyjump behind-b   (ProxyJump, HostKeyAlias, IdentityAgent none)
//   ssh-G-defaults.txt    ssh -G -F /dev/null -p 2222 -l deploy db1.example.org   (OpenSSH's defaults)
//   ssh-G-proxycommand.txt  ssh -G -F /dev/null -o UserKnownHostsFile=none -o GlobalKnownHostsFile=none
//                           -o 'ProxyCommand=ssh -W %h:%p -l %r bastion.example.org' -o 'IdentityFile=~/.ssh/%h_%r'
//                           -o 'IdentityFile=${HOME}/.ssh/id_%u' -l deploy -p 2222 db1.example.org
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { ConfigFileError } from '../../../src/config/yaml-schema.js';
import { parseJumpHop, parseSshG, resolveSshTarget, splitLastHop, SshConfigError } from '../../../src/transport/ssh-config.js';

const FIX = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/transport');
const fixture = (name: string) => readFileSync(path.join(FIX, name), 'utf8');
// File existence is injected: the fixtures name files of the machine they were captured on.
const local = { u: 'op', d: '/home/op', i: '1000', L: 'jump1', l: 'jump1.example.org' };
const ctx = (existing: string[]) => ({ home: '/home/op', exists: (f: string) => existing.includes(f), local });

test('lab alias: hostname, user, port, identity, known_hosts files, strict checking', () => {
  const t = parseSshG(fixture('ssh-G-lab-a.txt'), 'lab-a', ctx(['/work/main/.lab/client/id_ed25519']));
  assert.equal(t.hostname, '198.18.0.11');
  assert.equal(t.port, 22);
  assert.equal(t.user, 'root');
  assert.deepEqual(t.identityFiles, ['/work/main/.lab/client/id_ed25519']);
  assert.equal(t.identitiesOnly, true);
  assert.equal(t.identityAgent, null);
  assert.equal(t.proxyJump, null);
  assert.deepEqual(t.userKnownHostsFiles, ['/work/main/.lab/client/known_hosts']);
  assert.deepEqual(t.globalKnownHostsFiles, ['/dev/null']);
  assert.equal(t.strictHostKeyChecking, 'yes'); // ssh -G prints "true"
  assert.equal(t.hostKeyAlias, null);
  assert.equal(t.connectTimeout, 5);
  assert.equal(t.serverAliveInterval, 5);
  assert.equal(t.serverAliveCountMax, 3);
});

test('identity files that do not exist are left out', () => {
  const t = parseSshG(fixture('ssh-G-lab-a.txt'), 'lab-a', ctx([]));
  assert.deepEqual(t.identityFiles, []);
});

test('ProxyJump host: jump list, HostKeyAlias, IdentityAgent none, several known_hosts files', () => {
  const t = parseSshG(fixture('ssh-G-proxyjump.txt'), 'behind-b', ctx(['/work/main/.lab/client/id_ed25519']));
  assert.equal(t.hostname, '198.18.0.12');
  assert.equal(t.proxyJump, 'lab-a');
  assert.equal(t.hostKeyAlias, 'lab-b');
  assert.equal(t.identityAgent, 'none');
  assert.deepEqual(t.userKnownHostsFiles, ['/work/main/.lab/client/known_hosts', '/root/.ssh/known_hosts_hapilot']);
  assert.deepEqual(t.globalKnownHostsFiles, ['/etc/ssh/ssh_known_hosts', '/etc/ssh/ssh_known_hosts2']);
  assert.equal(t.strictHostKeyChecking, 'ask');
  assert.equal(t.connectTimeout, 7);
  assert.equal(t.serverAliveInterval, 4);
  assert.equal(t.serverAliveCountMax, 2);
});

test('OpenSSH defaults: ~ in the default identity files is expanded, no ConnectTimeout', () => {
  const t = parseSshG(fixture('ssh-G-defaults.txt'), 'db1.example.org', ctx(['/home/op/.ssh/id_ed25519', '/home/op/.ssh/id_rsa']));
  assert.equal(t.user, 'deploy');
  assert.equal(t.port, 2222);
  assert.deepEqual(t.identityFiles, ['/home/op/.ssh/id_rsa', '/home/op/.ssh/id_ed25519']);
  assert.equal(t.identitiesOnly, false);
  assert.equal(t.connectTimeout, null);
  assert.equal(t.serverAliveInterval, 0);
  assert.equal(t.hashKnownHosts, false);
});

test('output without a hostname is an error, not a guess', () => {
  assert.throws(() => parseSshG('user root\nport 22\n', 'x', ctx([])), SshConfigError);
});

test('ProxyJump hops: user@host:port, ssh:// URIs, bracketed IPv6', () => {
  assert.deepEqual(parseJumpHop('lab-a'), { host: 'lab-a' });
  assert.deepEqual(parseJumpHop('ops@bastion:2200'), { host: 'bastion', user: 'ops', port: 2200 });
  assert.deepEqual(parseJumpHop('ssh://ops@bastion:2200'), { host: 'bastion', user: 'ops', port: 2200 });
  assert.deepEqual(parseJumpHop('[2001:db8::1]:22'), { host: '2001:db8::1', port: 22 });
  assert.deepEqual(splitLastHop('j1,u@j2:2200,j3'), { rest: 'j1,u@j2:2200', last: 'j3' });
  assert.deepEqual(splitLastHop('j1'), { rest: null, last: 'j1' });
});

test('resolveSshTarget runs the real ssh -G and follows the jump chain', async () => {
  const t = await resolveSshTarget({ alias: 'behind-b' }, { configFile: path.join(FIX, 'ssh_config-proxyjump') });
  assert.equal(t.hostname, '198.18.0.12');
  assert.equal(t.via?.destination, 'lab-a');
  assert.equal(t.via?.hostname, '198.18.0.11');
  assert.equal(t.via?.strictHostKeyChecking, 'yes');
  assert.equal(t.via?.via, null);
});

test('resolveSshTarget: ProxyJump j1,j2 reaches the target through j2, and j2 through j1 (as ssh -J does)', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hapilot-sshg-'));
  try {
    const cfg = path.join(dir, 'ssh_config');
    writeFileSync(
      cfg,
      [
        'Host target',
        '  HostName 10.0.0.3',
        '  ProxyJump j1,ops@j2:2200',
        'Host j1',
        '  HostName 10.0.0.1',
        'Host j2',
        '  HostName 10.0.0.2',
        // Overridden by the chain: ssh reaches j2 with -J j1.
        '  ProxyJump elsewhere',
        '',
      ].join('\n'),
    );
    const t = await resolveSshTarget({ alias: 'target' }, { configFile: cfg });
    assert.equal(t.hostname, '10.0.0.3');
    assert.equal(t.via?.hostname, '10.0.0.2');
    assert.equal(t.via?.port, 2200);
    assert.equal(t.via?.user, 'ops');
    assert.equal(t.via?.via?.hostname, '10.0.0.1');
    assert.equal(t.via?.via?.via, null);
    // A node given by host/port/user instead of an alias.
    const direct = await resolveSshTarget({ host: 'db9.example', port: 2222, user: 'bob' }, { configFile: cfg });
    assert.deepEqual([direct.hostname, direct.port, direct.user, direct.via], ['db9.example', 2222, 'bob', null]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("resolveSshTarget reports a broken ssh_config with ssh's own words", async () => {
  await assert.rejects(resolveSshTarget({ alias: 'x' }, { configFile: path.join(FIX, 'does-not-exist') }), (e: Error) => {
    assert.ok(e instanceof SshConfigError);
    assert.match(e.message, /does-not-exist/);
    return true;
  });
});

test('item 5: UserKnownHostsFile none and GlobalKnownHostsFile none are no files at all, never a file called none', () => {
  const t = parseSshG(fixture('ssh-G-proxycommand.txt'), 'db1.example.org', ctx([]));
  assert.deepEqual(t.userKnownHostsFiles, []);
  assert.deepEqual(t.globalKnownHostsFiles, []);
});

test('item 5: ProxyCommand is kept with its tokens expanded as ssh expands them; IdentityFile tokens and environment variables too', () => {
  const home = process.env.HOME ?? '';
  const t = parseSshG(fixture('ssh-G-proxycommand.txt'), 'db1.example.org', {
    ...ctx(['/home/op/.ssh/db1.example.org_deploy', `${home}/.ssh/id_op`]),
  });
  assert.equal(t.proxyCommand, 'ssh -W db1.example.org:2222 -l deploy bastion.example.org');
  assert.equal(t.proxyJump, null);
  assert.deepEqual(t.identityFiles, ['/home/op/.ssh/db1.example.org_deploy', `${home}/.ssh/id_op`]);
  // Without ProxyCommand (ssh -G prints none for it then), there is none.
  assert.equal(parseSshG(fixture('ssh-G-lab-a.txt'), 'lab-a', ctx([])).proxyCommand, null);
});

test('item 5: ProxyUseFdpass is refused by name, with the host', () => {
  // The same output as ssh -G prints it with -o ProxyUseFdpass=yes added.
  const text = fixture('ssh-G-proxycommand.txt').replace('proxyusefdpass no', 'proxyusefdpass yes');
  assert.throws(
    () => parseSshG(text, 'db1.example.org', ctx([])),
    /db1\.example\.org: ssh_config sets ProxyUseFdpass yes for its ProxyCommand/,
  );
});

test('a token ssh would refuse is an SshConfigError naming the keyword, not a literal %x in a file name', () => {
  const text = fixture('ssh-G-proxycommand.txt').replace('identityfile ~/.ssh/%h_%r', 'identityfile ~/.ssh/%f');
  assert.throws(
    () => parseSshG(text, 'db1.example.org', ctx([])),
    (e: unknown) => {
      assert.ok(e instanceof SshConfigError);
      assert.match(e.message, /db1\.example\.org: IdentityFile ~\/\.ssh\/%f: ssh does not accept %f there/);
      return true;
    },
  );
});

test("item 8: ssh -G refusing the file is an SshConfigError (a ConfigFileError) with ssh's complaints by file and line", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hapilot-sshg-'));
  try {
    const cfg = path.join(dir, 'ssh_config');
    writeFileSync(cfg, 'Host db1\n  HostName 192.0.2.1\n  Frobnicate yes\n  Port abc\n');
    await assert.rejects(resolveSshTarget({ alias: 'db1' }, { configFile: cfg }), (e: unknown) => {
      assert.ok(e instanceof SshConfigError && e instanceof ConfigFileError, String(e));
      // Each bad line, in ssh's words; its closing "terminating, 2 bad configuration options" is left out.
      assert.deepEqual(
        e.problems.map((p) => `${p.file}:${p.line}: ${p.message}`),
        [`${cfg}:3: Bad configuration option: frobnicate`, `${cfg}:4: Bad port 'abc'.`],
      );
      assert.ok(e.message.startsWith(`ssh cannot resolve its options for db1 from ${cfg} (ssh -G -F ${cfg} -- db1):\n`), e.message);
      assert.match(e.message, new RegExp(`  ${cfg}:3: Bad configuration option: frobnicate`));
      return true;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
