// PostgreSQL LSNs ("16/B374D848": high and low 32-bit halves in hex) compared as 64-bit numbers.

export function parseLsn(lsn: string): bigint | null {
  const m = /^([0-9A-F]{1,8})\/([0-9A-F]{1,8})$/i.exec(lsn.trim());
  if (!m) return null;
  return (BigInt(`0x${m[1]}`) << 32n) | BigInt(`0x${m[2]}`);
}

/** -1, 0 or 1; null when either is not an LSN. */
export function compareLsn(x: string, y: string): -1 | 0 | 1 | null {
  const a = parseLsn(x);
  const b = parseLsn(y);
  if (a === null || b === null) return null;
  return a < b ? -1 : a > b ? 1 : 0;
}
