// carbonio: habeat's lock files, the accounts replicated from the source mail host, Carbonio's
// queued operations and the Consul witness's members (components.carbonio). Four sections, so a
// Consul that does not answer hides nothing else. Each only reads: stat, the carbonio CLI's
// get* commands as the zextras user, and an HTTP GET. Parsed by parse/carbonio.ts.
import { argvToShell, sh } from '../../transport/quote.js';
import { defineProbe } from '../component.js';
import { sectionFunction } from '../section-commands.js';
import { CARBONIO_SECTIONS, parseCarbonio } from '../parse/carbonio.js';

const CARBONIO = '/opt/zextras/bin/carbonio';

/** The carbonio CLI as habeat runs it: `su - zextras -c '...'` (its login environment). */
const asZextras = (argv: string[]) => sh`su - zextras -c ${argvToShell(argv)}`;

export const carbonio = defineProbe({
  facts: 'carbonio',
  settings: (def) => def.components.carbonio,
  sections: (c) => [
    sectionFunction(CARBONIO_SECTIONS.locks, 'hp_s_carbonio_locks', [
      `printf 'now %s\\n' "$(date +%s)"`,
      ...c.lock_files.map(
        (p, i) =>
          sh`if [ -e ${p} ]; then printf 'lock %s present %s\\n' ${String(i)} "$(stat -c %Y -- ${p})"; else printf 'lock %s missing\\n' ${String(i)}; fi`,
      ),
    ]),
    sectionFunction(
      CARBONIO_SECTIONS.accounts,
      'hp_s_carbonio_accounts',
      [sh`hp_need ${CARBONIO}`, asZextras([CARBONIO, '--json', c.module, 'getAccountStatus', 'mailHost', c.source_mail_host])],
      ['hp_need'],
    ),
    sectionFunction(
      CARBONIO_SECTIONS.operations,
      'hp_s_carbonio_operations',
      [sh`hp_need ${CARBONIO}`, asZextras([CARBONIO, '--json', 'core', 'getAllOperations'])],
      ['hp_need'],
    ),
    sectionFunction(
      CARBONIO_SECTIONS.witness,
      'hp_s_carbonio_witness',
      ['hp_need curl', sh`curl -fsS --max-time 3 -- ${`${c.consul_url}/v1/agent/members`}`],
      ['hp_need'],
    ),
  ],
  parse: (own, c, ctx) => parseCarbonio(own, ctx, c),
});
