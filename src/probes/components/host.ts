// host: who the node is, how long it has been up, its load and its clock. Always probed, first.
// Prints "hostname NAME", "uptime <contents of /proc/uptime>", "loadavg <contents of
// /proc/loadavg>", "clock <ns since the epoch>"; parsed by parse/host.ts, which takes the clock
// skew from the round's own timing.
import { alwaysProbed } from '../component.js';
import { builtinFunction, sectionFunction } from '../section-commands.js';
import { parseHost } from '../parse/host.js';

const SECTION = 'host';

export const host = alwaysProbed({
  facts: 'host',
  sections: () => [
    builtinFunction(
      sectionFunction(SECTION, 'hp_s_host', [
        `printf 'hostname %s\\n' "$(uname -n)"`,
        `printf 'uptime %s\\n' "$(cat /proc/uptime)"`,
        `printf 'loadavg %s\\n' "$(cat /proc/loadavg)"`,
        `printf 'clock %s\\n' "$(date +%s%N)"`,
      ]),
      // uname -n is the UTS name, which /proc/sys/kernel/hostname holds; the clock is bash 5's
      // EPOCHREALTIME (microseconds) in nanoseconds.
      [
        'local h u l',
        'IFS= read -r h </proc/sys/kernel/hostname || return 1',
        'IFS= read -r u </proc/uptime || return 1',
        'IFS= read -r l </proc/loadavg || return 1',
        `printf 'hostname %s\\nuptime %s\\nloadavg %s\\nclock %s000\\n' "$h" "$u" "$l" "\${EPOCHREALTIME/./}"`,
      ],
    ),
  ],
  parse: (own, ctx) => parseHost(own.get(SECTION), ctx, ctx.clock),
});
