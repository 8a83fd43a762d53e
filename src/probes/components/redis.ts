// redis: `redis-cli info replication` on the configured port (components.redis): redis-cli's own
// "key:value" lines (CRLF), parsed by parse/redis.ts. The password, when there is one, is read on
// the node and handed over in the environment, never on a command line.
import { sh } from '../../transport/quote.js';
import { defineProbe } from '../component.js';
import { builtinFunction, sectionFunction } from '../section-commands.js';
import { parseRedis } from '../parse/redis.js';

const SECTION = 'redis';

export const redis = defineProbe({
  facts: 'redis',
  settings: (def) => def.components.redis,
  sections: (r) => {
    const run = sh`redis-cli -p ${String(r.port)} info replication`;
    const body = r.password_file
      ? ['hp_need redis-cli', sh`hp_pw=$(cat -- ${r.password_file}) || exit 2`, `REDISCLI_AUTH=$hp_pw ${run}`]
      : ['hp_need redis-cli', run];
    // The session speaks RESP itself over bash's /dev/tcp (hp_redis_info, session-program.ts).
    const builtin = r.password_file
      ? [
          'local hp_pw=',
          sh`IFS= read -r hp_pw <${r.password_file} || [ -n "$hp_pw" ] || return 2`,
          sh`hp_redis_info ${String(r.port)} "$hp_pw"`,
        ]
      : [sh`hp_redis_info ${String(r.port)}`];
    return [builtinFunction(sectionFunction(SECTION, 'hp_s_redis', body, ['hp_need']), builtin)];
  },
  parse: (own, _r, ctx) => parseRedis(own.get(SECTION), ctx),
});
