// role_files section: per file "LABEL missing" | "LABEL unreadable" | "LABEL present BASE64".
// A missing file is a fact (null); an empty file is "" (a role file emptied by a crashed write is
// not the same as no role file). Content is trimmed of surrounding whitespace and newlines.
import { known, unknown, type Fact, type RoleFileFacts } from '../../cluster/facts.js';
import type { Section } from '../sections.js';
import { failed, lines, sectionProblem, unparsable, type ParseContext } from './common.js';

export interface RoleFilesConfig {
  role: string;
  status?: string | undefined;
}

export function parseRoleFiles(section: Section | undefined, ctx: ParseContext, files: RoleFilesConfig): Fact<RoleFileFacts> {
  const problem = sectionProblem(section, ctx);
  if (problem) return problem;
  const s = section!;
  if (s.exitCode !== 0) return failed(s, 'reading the role files');
  const seen = new Map<string, string[]>();
  for (const line of lines(s.stdout)) {
    const [label, state, data, ...rest] = line.split(' ');
    if (!label || !state || rest.length > 0) return unparsable(`unexpected line ${JSON.stringify(line)}`);
    seen.set(label, data === undefined ? [state] : [state, data]);
  }
  const read = (label: string, path: string): Fact<string | null> => {
    const entry = seen.get(label);
    if (!entry) return unparsable(`nothing reported for the ${label} file`);
    const [state, data] = entry;
    if (state === 'missing') return known(null);
    if (state === 'unreadable') return unknown(`the ${label} file ${path} exists but cannot be read`, 'failed');
    if (state === 'present' && (data === undefined || /^[A-Za-z0-9+/]*={0,2}$/.test(data))) {
      return known(
        Buffer.from(data ?? '', 'base64')
          .toString('utf8')
          .trim(),
      );
    }
    return unparsable(`${label} file: ${JSON.stringify(entry.join(' '))}`);
  };
  const role = read('role', files.role);
  if (!role.known) return role;
  let status: string | null = null;
  if (files.status !== undefined) {
    const st = read('status', files.status);
    if (!st.known) return st;
    status = st.value;
  }
  return known({ role: role.value, status });
}
