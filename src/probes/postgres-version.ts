// PostgreSQL's two ways of naming a version: server_version_num (90624, 150018) and the major
// version as the packages, directories and PG_VERSION files name it ("9.6", "15"). Before 10 the
// major version is two numbers (9.6), from 10 on one (10, 11, ...).

/** "9.6" for 90624, "15" for 150018. */
export function majorVersionLabel(serverVersionNum: number): string {
  return serverVersionNum >= 100000
    ? String(Math.floor(serverVersionNum / 10000))
    : `${Math.floor(serverVersionNum / 10000)}.${Math.floor(serverVersionNum / 100) % 100}`;
}

/**
 * The server_version_num of a major version's first release, from "9.6", "11", a PG_VERSION
 * file's content, or a full version such as "11.22" or "9.6.24": 90600, 110000. Null when the
 * text is not a PostgreSQL version.
 */
export function majorVersionNum(text: string): number | null {
  const m = /^\s*(\d+)(?:\.(\d+))?(?:\.\d+)?\s*$/.exec(text);
  if (!m) return null;
  const major = Number(m[1]);
  if (major >= 10) return major * 10000;
  if (major < 7 || m[2] === undefined) return null;
  return major * 10000 + Number(m[2]) * 100;
}
