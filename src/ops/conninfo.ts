// libpq connection strings ("keyword=value ..."), built the one way libpq reads them back: a value
// that is empty or holds anything but plain characters is put in single quotes, with \ and '
// escaped by a backslash (libpq, "Keyword/Value Connection Strings"). Unquoted, a node named
// "node A" wrote application_name=node A, which libpq refuses (after the promotion, so the old
// primary could not stream), and a value with a space could add keywords of its own (sslmode=).

// Characters a value may hold unquoted and still read as itself: no space, quote, backslash or '='.
const PLAIN = /^[A-Za-z0-9_.:/@%+,-]+$/;

/** One value as libpq reads it. */
export function conninfoValue(value: string): string {
  // libpq reads C strings: a NUL would cut the string there.
  if (value.includes('\0')) throw new TypeError('conninfoValue: a NUL byte cannot be in a connection string');
  if (PLAIN.test(value)) return value;
  return `'${value.replace(/[\\']/g, (c) => `\\${c}`)}'`;
}

/** keyword=value pairs, in order, each value quoted when it needs it. */
export function conninfo(pairs: readonly (readonly [keyword: string, value: string | number])[]): string {
  return pairs.map(([k, v]) => `${k}=${conninfoValue(String(v))}`).join(' ');
}
