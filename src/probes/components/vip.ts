// vip: whether the node holds the VIP (the cluster file's top-level vip): `ip -o addr show`, one
// address per line, parsed by parse/vip.ts.
import { defineProbe } from '../component.js';
import { sectionFunction } from '../section-commands.js';
import { parseVip } from '../parse/vip.js';

const SECTION = 'vip';

export const vip = defineProbe({
  facts: 'vip',
  settings: (def) => def.vip,
  sections: () => [sectionFunction(SECTION, 'hp_s_vip', ['hp_need ip', 'ip -o addr show'], ['hp_need'])],
  parse: (own, address, ctx) => parseVip(own.get(SECTION), ctx, address),
});
