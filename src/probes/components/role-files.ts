// role_files: what the stack's own role files say the node is (components.role_files).
// Prints hp_file's "role ..." and, when configured, "status ..." lines; parsed by parse/role-files.ts.
import { sh } from '../../transport/quote.js';
import { defineProbe } from '../component.js';
import { builtinFunction, sectionFunction } from '../section-commands.js';
import { parseRoleFiles } from '../parse/role-files.js';

const SECTION = 'role_files';

export const roleFiles = defineProbe({
  facts: 'roleFiles',
  settings: (def) => def.components.role_files,
  sections: (files) => {
    const lines = [sh`hp_file role ${files.role}`];
    if (files.status) lines.push(sh`hp_file status ${files.status}`);
    // The session reads them with builtins (hp_bfile, session-program.ts), the same lines out.
    const builtin = [sh`hp_bfile role ${files.role}`];
    if (files.status) builtin.push(sh`hp_bfile status ${files.status}`);
    return [builtinFunction(sectionFunction(SECTION, 'hp_s_role_files', lines, ['hp_file']), builtin)];
  },
  parse: (own, files, ctx) => parseRoleFiles(own.get(SECTION), ctx, files),
});
