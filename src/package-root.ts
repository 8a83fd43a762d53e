// The package's own files (package.json, procedures/*.yaml), wherever hapilot runs from. Installed
// or in a checkout they are files in the package folder, found from this module's location by
// walking up to the nearest package.json (the same from src/ under tsx and from dist/, whose
// chunks sit at one depth). In the single executable (`npm run package`) there is no folder: the
// same files are the executable's assets, under `package/` and their relative names.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getAsset, getAssetKeys, isSea } from 'node:sea';

export const IN_SINGLE_EXECUTABLE = isSea();
/** The asset key prefix of the package's files in the single executable (scripts/package.mjs). */
export const SEA_PACKAGE_PREFIX = 'package/';

export interface TextFile {
  /** The file's name in its folder. */
  name: string;
  /** Where it is, for messages: a path, or `built-in:REL` inside the single executable. */
  file: string;
  text: string;
}

let root: string | undefined;
function packageRoot(): string {
  root ??= findPackageRoot(path.dirname(fileURLToPath(import.meta.url)));
  return root;
}

function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (dir === path.dirname(dir)) throw new Error(`hapilot: no package.json above ${from}: the installation is incomplete`);
  }
}

/** The text of one of the package's files, by its path in the package (`package.json`). */
export function readPackageFile(rel: string): string {
  return IN_SINGLE_EXECUTABLE ? getAsset(SEA_PACKAGE_PREFIX + rel, 'utf8') : readFileSync(path.join(packageRoot(), rel), 'utf8');
}

/** The package's files in folder `dir` (`procedures`) whose names end with `ext`, sorted by name. */
export function packageFiles(dir: string, ext: string): TextFile[] {
  if (!IN_SINGLE_EXECUTABLE) return filesIn(path.join(packageRoot(), dir), ext);
  const prefix = `${SEA_PACKAGE_PREFIX}${dir}/`;
  return getAssetKeys()
    .filter((key) => key.startsWith(prefix) && key.endsWith(ext) && !key.slice(prefix.length).includes('/'))
    .sort()
    .map((key) => ({
      name: key.slice(prefix.length),
      file: `built-in:${key.slice(SEA_PACKAGE_PREFIX.length)}`,
      text: getAsset(key, 'utf8'),
    }));
}

/** A folder's files whose names end with `ext`, sorted by name; none when the folder does not exist. */
function filesIn(dir: string, ext: string): TextFile[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith(ext))
    .sort()
    .map((name) => {
      const file = path.join(dir, name);
      return { name, file, text: readFileSync(file, 'utf8') };
    });
}
