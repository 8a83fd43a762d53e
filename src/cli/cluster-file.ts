// Which cluster file a command works on: --cluster FILE, else the one used last (a preference),
// else a clear usage error. A file with problems is reported whole, with lines and fields.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadClusterFile, type LoadedCluster } from '../config/load-cluster.js';
import { openPreferences, type PreferenceStore } from '../config/preferences.js';
import { UsageError } from './errors.js';
import { errorMessage } from '../format/error-message.js';

/** The preferences, or null when they cannot be read: said on stderr, and hapilot goes on without them. */
export function preferencesOrWarn(): PreferenceStore | null {
  try {
    return openPreferences();
  } catch (e) {
    // A broken preferences file must not stop an operator from working: say so, go on without it.
    process.stderr.write(`hapilot: ignoring preferences: ${errorMessage(e)}\n`);
    return null;
  }
}

/** `prefs`: the preferences already opened by the caller, when it needs them too (read once). */
export function loadClusterFor(option: string | undefined, prefs: PreferenceStore | null = preferencesOrWarn()): LoadedCluster {
  const file = option ?? prefs?.get('lastCluster');
  if (!file) throw new UsageError('no cluster file: pass --cluster FILE (commented examples are in config/)');
  if (!option && !existsSync(file)) throw new UsageError(`the cluster file used last, ${file}, is gone: pass --cluster FILE`);
  // A file with problems throws ClusterFileError, an OperatorError: main says it in one message.
  const loaded = loadClusterFile(file);
  try {
    prefs?.set('lastCluster', path.resolve(file));
  } catch {
    /* a read-only home is no reason to fail */
  }
  return loaded;
}
