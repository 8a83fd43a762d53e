// vip section: `ip -o addr show`, one address per line:
//   2: eth0    inet 198.18.0.10/24 scope global secondary eth0\       valid_lft forever ...
// The node holds the VIP when the address is on any of its interfaces (keepalived may put it on
// another interface than the definition says; the interface found is reported).
import { known, type Fact, type VipFacts } from '../../cluster/facts.js';
import type { Section } from '../sections.js';
import { failed, lines, notInstalled, sectionProblem, unparsable, type ParseContext } from './common.js';

export interface VipConfig {
  address: string;
  interface?: string | undefined;
}

const ADDR_LINE = /^\d+:\s+(\S+)\s+(inet6?)\s+([0-9A-Fa-f.:]+)(?:\/\d+)?\s/;

export function parseVip(section: Section | undefined, ctx: ParseContext, vip: VipConfig): Fact<VipFacts> {
  const problem = sectionProblem(section, ctx);
  if (problem) return problem;
  const s = section!;
  const missing = notInstalled(s);
  if (missing) return missing;
  if (s.exitCode !== 0) return failed(s, 'ip -o addr show');
  const want = canonical(vip.address);
  let seen = 0;
  for (const line of lines(s.stdout)) {
    const m = ADDR_LINE.exec(`${line} `);
    if (!m) continue; // link-only lines and other families are not addresses we compare
    seen++;
    if (canonical(m[3]!) === want) {
      return known({ address: vip.address, holds: true, interface: m[1]!.replace(/@.*$/, '') });
    }
  }
  if (seen === 0) return unparsable('no inet/inet6 address lines');
  return known({ address: vip.address, holds: false, interface: null });
}

/** IPv6 in its canonical short lower-case form (2001:DB8:0::1 -> 2001:db8::1); IPv4 unchanged. */
export function canonical(address: string): string {
  if (!address.includes(':')) return address;
  try {
    return new URL(`http://[${address}]/`).hostname.slice(1, -1);
  } catch {
    return address.toLowerCase();
  }
}
