// services: whether each configured service runs (components.services), by systemd where it is
// PID 1, by the process table elsewhere. Prints "svc INDEX systemctl STATE" or "svc INDEX pgrep
// COUNT": the index refers to the definition's list, so no name read back from the node has to be
// trusted or unescaped. Parsed by parse/services.ts.
import { sh } from '../../transport/quote.js';
import { defineProbe } from '../component.js';
import { builtinFunction, pgrepPattern, sectionFunction } from '../section-commands.js';
import { parseServices } from '../parse/services.js';

const SECTION = 'services';

export const services = defineProbe({
  facts: 'services',
  settings: (def) => (def.components.services && def.components.services.length > 0 ? def.components.services : undefined),
  sections: (list) => {
    const systemd = list.map((s, i) => sh`printf 'svc %s systemctl %s\\n' ${String(i)} "$(systemctl is-active -- ${s.name})"`);
    const pgrep = list.map(
      (s, i) =>
        sh`n=$(pgrep -c -x -- ${pgrepPattern(s.process ?? s.name)}); rc=$?; [ "$rc" -le 1 ] || exit "$rc"; printf 'svc %s pgrep %s\\n' ${String(i)} "$n"`,
    );
    // The session counts processes by their kernel name from /proc (hp_comm, session-program.ts);
    // where systemd is PID 1 it defers (200) to the section above, run in the background.
    const counted = list.map(
      (s, i) => sh`hp_comm ${(s.process ?? s.name).slice(0, 15)}; printf 'svc %s pgrep %s\\n' ${String(i)} "$HP_COUNT"`,
    );
    const section = sectionFunction(
      SECTION,
      'hp_s_services',
      [
        '# systemd is PID 1 when /run/systemd/system exists (sd_booted); otherwise ask the process table.',
        'if [ -d /run/systemd/system ]; then',
        ...systemd.map((l) => `  ${l}`),
        'else',
        '  hp_need pgrep',
        ...pgrep.map((l) => `  ${l}`),
        'fi',
      ],
      ['hp_need'],
    );
    return [builtinFunction(section, ['[ ! -d /run/systemd/system ] || return 200', ...counted])];
  },
  parse: (own, list, ctx) => parseServices(own.get(SECTION), ctx, list),
});
