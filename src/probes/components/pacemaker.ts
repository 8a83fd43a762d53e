// pacemaker: `crm_mon --output-as=xml` (components.pacemaker): the nodes as Pacemaker sees them
// (online, standby, maintenance), its resources and where they run (the VIP's among them), and the
// failed actions it remembers. crm_mon only reads the cluster's status. Parsed by parse/pacemaker.ts.
import { defineProbe } from '../component.js';
import { sectionFunction } from '../section-commands.js';
import { parsePacemakerStatus } from '../parse/pacemaker.js';

const SECTION = 'pacemaker';

export const pacemaker = defineProbe({
  facts: 'pacemaker',
  settings: (def) => def.components.pacemaker,
  // Not a builtin form: crm_mon asks Pacemaker's daemons; the session runs it in the background.
  sections: () => [sectionFunction(SECTION, 'hp_s_pacemaker', ['hp_need crm_mon', 'crm_mon --output-as=xml'], ['hp_need'])],
  parse: (own, _s, ctx) => parsePacemakerStatus(own.get(SECTION), ctx),
});
