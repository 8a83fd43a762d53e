// sentinel: what the node's Redis Sentinel says about its master (components.sentinel):
// `SENTINEL MASTER NAME` (address, flags, how many Sentinels) and `SENTINEL CKQUORUM NAME` (can a
// failover be authorised). Both read only. Parsed by parse/sentinel.ts.
import { sh } from '../../transport/quote.js';
import { defineProbe } from '../component.js';
import { sectionFunction } from '../section-commands.js';
import { SENTINEL_SECTIONS, parseSentinel } from '../parse/sentinel.js';

export const sentinel = defineProbe({
  facts: 'sentinel',
  settings: (def) => def.components.sentinel,
  sections: (s) => [
    sectionFunction(
      SENTINEL_SECTIONS.master,
      'hp_s_sentinel_master',
      ['hp_need redis-cli', sh`redis-cli -p ${String(s.port)} SENTINEL MASTER ${s.master}`],
      ['hp_need'],
    ),
    sectionFunction(
      SENTINEL_SECTIONS.ckquorum,
      'hp_s_sentinel_ckquorum',
      ['hp_need redis-cli', sh`redis-cli -p ${String(s.port)} SENTINEL CKQUORUM ${s.master}`],
      ['hp_need'],
    ),
  ],
  parse: (own, s, ctx) => parseSentinel(own, ctx, s.master),
});
