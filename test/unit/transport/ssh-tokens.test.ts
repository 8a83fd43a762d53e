// ssh_config's %-tokens for the keywords `ssh -G` leaves unexpanded, checked against what ssh itself
// does with them: ssh -G expands the same tokens in UserKnownHostsFile, so it is the oracle here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execa } from 'execa';
import { expandTokens, localTokens, TokenError, type TokenValues } from '../../../src/transport/ssh-tokens.js';

const values: TokenValues = { h: '10.0.0.5', n: 'db1', p: '2222', r: 'deploy', k: 'db1', ...localTokens() };

test('the tokens ssh itself expands come out the same (UserKnownHostsFile through ssh -G as the reference)', async () => {
  const pattern = '/x/%h_%n_%p_%r_%k_%u_%d_%i_%L_%l_%C_%%';
  const r = await execa('ssh', [
    '-G',
    '-F',
    '/dev/null',
    '-o',
    'HostName=10.0.0.5',
    '-p',
    '2222',
    '-l',
    'deploy',
    '-o',
    `UserKnownHostsFile=${pattern}`,
    'db1',
  ]);
  const ssh = /^userknownhostsfile (.*)$/m.exec(r.stdout)?.[1];
  assert.equal(expandTokens(pattern, values, 'IdentityFile'), ssh);
});

test('each keyword accepts only its own tokens, as ssh_config(5) lists them', () => {
  assert.equal(expandTokens('ssh -W %h:%p -l %r %n 100%%', values, 'ProxyCommand'), 'ssh -W 10.0.0.5:2222 -l deploy db1 100%');
  assert.throws(() => expandTokens('nc %h %u', values, 'ProxyCommand'), TokenError);
  assert.throws(() => expandTokens('nc %h %', values, 'ProxyCommand'), /ssh does not accept % there/);
  // ${VAR} is ssh's in IdentityFile, the shell's in ProxyCommand (these strings are ssh_config text).
  const [keys, nope, proxy] = ['KEYS', 'NOPE', 'PROXY'].map((v) => `\${${v}}`) as [string, string, string];
  assert.equal(expandTokens(`${keys}/%h`, values, 'IdentityFile', { KEYS: '/k' }), '/k/10.0.0.5');
  assert.throws(() => expandTokens(`${nope}/k`, values, 'IdentityFile', {}), /the environment variable NOPE is not set/);
  assert.equal(expandTokens(`nc ${proxy} %p`, values, 'ProxyCommand', {}), `nc ${proxy} 2222`);
});
