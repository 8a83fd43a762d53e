// services section: "svc INDEX systemctl STATE" where systemd runs (PID 1), else
// "svc INDEX pgrep COUNT". INDEX points into the definition's list of services.
import { known, type Fact, type ServiceFacts } from '../../cluster/facts.js';
import type { Section } from '../sections.js';
import { failed, lines, notInstalled, sectionProblem, unparsable, type ParseContext } from './common.js';

export interface ServiceConfig {
  name: string;
  process?: string | undefined;
}

export function parseServices(section: Section | undefined, ctx: ParseContext, services: readonly ServiceConfig[]): Fact<ServiceFacts[]> {
  const problem = sectionProblem(section, ctx);
  if (problem) return problem;
  const s = section!;
  const missing = notInstalled(s);
  if (missing) return missing;
  if (s.exitCode !== 0) return failed(s, 'checking services');
  const found = new Map<number, ServiceFacts>();
  for (const line of lines(s.stdout)) {
    const m = /^svc (\d+) (systemctl|pgrep) (.*)$/.exec(line);
    const svc = m ? services[Number(m[1])] : undefined;
    if (!m || !svc) return unparsable(`unexpected line ${JSON.stringify(line)}`);
    const value = m[3]!.trim();
    if (m[2] === 'systemctl') {
      // is-active prints active, inactive, failed, activating, deactivating, reloading or unknown.
      if (!/^[a-z-]+$/.test(value)) return unparsable(`systemctl is-active ${svc.name}: ${JSON.stringify(value)}`);
      found.set(Number(m[1]), { name: svc.name, active: value === 'active', detail: `systemctl: ${value}` });
    } else {
      if (!/^\d+$/.test(value)) return unparsable(`pgrep count for ${svc.name}: ${JSON.stringify(value)}`);
      const n = Number(value);
      const proc = svc.process ?? svc.name;
      const shown = proc.length > 15 ? `${proc} (as ${proc.slice(0, 15)}: the kernel keeps 15 characters)` : proc;
      found.set(Number(m[1]), {
        name: svc.name,
        active: n > 0,
        detail: `process ${shown}: ${n > 0 ? `${n} running` : 'not running'} (pgrep; systemd is not PID 1)`,
      });
    }
  }
  const result: ServiceFacts[] = [];
  for (let i = 0; i < services.length; i++) {
    const f = found.get(i);
    if (!f) return unparsable(`nothing reported for service ${services[i]!.name}`);
    result.push(f);
  }
  return known(result);
}
