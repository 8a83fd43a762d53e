// keepalived's configuration parser, on keepalived's own sample configurations (Debian 12's package)
// and on the lab's configuration as the lab renders it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO } from '../../support/lab.js';
import { lineWords, parseKeepalivedConfig, type KeepalivedConfigInput } from '../../../src/probes/parse/keepalived-conf.js';

const sample = (name: string) => readFileSync(path.join(REPO, 'test/fixtures/keepalived', `debian-sample.${name}.conf`), 'utf8');

function one(file: string, text: string, configId = 'lab-a', more: Partial<KeepalivedConfigInput> = {}) {
  return parseKeepalivedConfig({ main: file, files: new Map([[file, text]]), includes: [], configId, ...more });
}

test('the lab configuration: one BACKUP instance with nopreempt, the VIP on eth0, the release file tracked with weight 0', () => {
  const text = readFileSync(path.join(REPO, 'lab/files/keepalived.conf'), 'utf8')
    .replace('@PRIORITY@', '150')
    .replace('@VIP@', '198.18.0.10/24')
    .replace('@ROUTER_ID@', 'lab-a');
  const c = one('/etc/keepalived/keepalived.conf', text);
  assert.deepEqual(c.problems, []);
  assert.equal(c.instances.length, 1);
  const i = c.instances[0]!;
  assert.equal(i.name, 'lab_vip');
  assert.equal(i.state, 'BACKUP');
  assert.equal(i.nopreempt, true);
  assert.equal(i.priority, 150);
  assert.equal(i.priorityAt?.file, '/etc/keepalived/keepalived.conf');
  assert.match(text.split('\n')[i.priorityAt!.line - 1]!, /^\s*priority 150$/);
  assert.deepEqual(i.addresses, [{ address: '198.18.0.10', prefix: 24, dev: 'eth0' }]);
  assert.deepEqual(i.trackFiles, [{ name: 'hapilot_release', weight: null }]);
  assert.deepEqual(c.trackFiles.hapilot_release?.file, '/etc/keepalived/hapilot-vip.release');
  assert.equal(c.trackFiles.hapilot_release?.weight, 0);
});

test('local checks sample: scripts with inline comments and quoted commands, weights per track line', () => {
  const c = one('/etc/keepalived/keepalived.conf', sample('vrrp.localcheck'));
  assert.deepEqual(c.problems, []);
  assert.equal(c.scripts.chk_sshd?.script, 'killall -0 sshd');
  assert.equal(c.scripts.chk_sshd?.weight, -4);
  assert.equal(c.scripts.chk_http_port?.script, '</dev/tcp/127.0.0.1/80');
  assert.equal(c.scripts.chk_haproxy?.weight, null);
  const vi1 = c.instances.find((i) => i.name === 'VI_1')!;
  assert.equal(vi1.state, 'MASTER');
  assert.equal(vi1.nopreempt, false);
  assert.deepEqual(vi1.addresses, [{ address: '192.168.200.18', prefix: 25, dev: null }]);
  assert.deepEqual(
    vi1.trackScripts.map((t) => [t.name, t.weight]),
    [
      ['chk_sshd', null],
      ['chk_haproxy', 2],
      ['chk_http_port', null],
      ['chk_https_port', null],
      ['chk_smtp_port', null],
    ],
  );
  assert.deepEqual(vi1.trackInterfaces[1], { name: 'eth2', weight: -2 });
});

test('conditional sample: @high and @low lines follow the config id, @^id the others', () => {
  const high = one('/k.conf', sample('conditional_conf'), 'high');
  const low = one('/k.conf', sample('conditional_conf'), 'low');
  assert.deepEqual(high.problems, []);
  assert.equal(high.instances.find((i) => i.name === 'VI_0')?.priority, 170);
  assert.equal(low.instances.find((i) => i.name === 'VI_0')?.priority, 85);
  assert.equal(high.scripts.check_VI_0?.script, '/etc/keepalived/scripts/check_high_VI_0.sh');
  assert.deepEqual(lineWords('@^high priority 9', 'high'), []);
  assert.deepEqual(lineWords('@^high priority 9', 'low'), ['priority', '9']);
});

test('several instances, no priority written: keepalived default 100 and no place to edit', () => {
  const c = one('/k.conf', 'vrrp_instance A {\n  interface eth0\n  virtual_ipaddress {\n    10.0.0.1\n  }\n}\n');
  assert.equal(c.instances[0]?.priority, 100);
  assert.equal(c.instances[0]?.priorityAt, null);
  assert.equal(one('/k.conf', sample('vrrp.scripts')).instances.length, 3);
});

test('includes are spliced where they stand, in the order the node matched them', () => {
  const files = new Map([
    ['/etc/keepalived/keepalived.conf', 'global_defs {\n  router_id x\n}\ninclude /etc/keepalived/conf.d/*.conf\n'],
    ['/etc/keepalived/conf.d/10-script.conf', 'vrrp_script chk { script "/usr/local/bin/pg-primary" }\n'],
    [
      '/etc/keepalived/conf.d/20-vip.conf',
      'vrrp_instance vip {\n state BACKUP\n priority 120\n track_script {\n  chk weight 30\n }\n virtual_ipaddress { 10.0.0.5/24 dev eth1 }\n}\n',
    ],
  ]);
  const c = parseKeepalivedConfig({
    main: '/etc/keepalived/keepalived.conf',
    files,
    includes: [
      {
        from: '/etc/keepalived/keepalived.conf',
        line: 4,
        paths: ['/etc/keepalived/conf.d/10-script.conf', '/etc/keepalived/conf.d/20-vip.conf'],
      },
    ],
    configId: 'n1',
  });
  assert.deepEqual(c.problems, []);
  assert.deepEqual(c.files, [...files.keys()]);
  assert.equal(c.scripts.chk?.script, '/usr/local/bin/pg-primary');
  const vip = c.instances[0]!;
  assert.deepEqual(vip.priorityAt, { file: '/etc/keepalived/conf.d/20-vip.conf', line: 3 });
  assert.deepEqual(vip.trackScripts, [{ name: 'chk', weight: 30 }]);
  assert.deepEqual(vip.addresses, [{ address: '10.0.0.5', prefix: 24, dev: 'eth1' }]);
});

test('what cannot be read is a problem with its file and line, never a guess', () => {
  const unresolved = one('/k.conf', 'include /etc/keepalived/*.conf\nvrrp_instance A {\n priority 1O0\n');
  assert.deepEqual(unresolved.problems.map((p) => `${p.file}:${p.line}: ${p.reason}`).sort(), [
    '/k.conf:1: include /etc/keepalived/*.conf: the probe did not resolve it',
    '/k.conf:3: a block is not closed by the end of the configuration',
    '/k.conf:3: priority 1O0 is not a whole number',
  ]);
  const quote = one('/k.conf', 'vrrp_script s {\n script "oops\n}\n');
  assert.deepEqual(quote.problems, [{ file: '/k.conf', line: 2, reason: 'a quoted word is not closed on its line' }]);
  const missing = parseKeepalivedConfig({ main: '/k.conf', files: new Map(), includes: [], configId: 'x' });
  assert.deepEqual(missing.problems, [{ file: '/k.conf', line: 0, reason: 'the file could not be read on the node' }]);
});
