import { readPackageFile } from './package-root.js';

// Read at run time from package.json (an asset in the single executable), so there is one version.
const pkg = JSON.parse(readPackageFile('package.json')) as { version: string };
export const VERSION: string = pkg.version;
