// User preferences, kept by conf in ~/.config/hapilot/config.json: the last cluster file used,
// the refresh interval and the theme. Never secrets and never cluster facts: what is in here can
// be lost or shared without consequence.
import Conf from 'conf';
import { z } from 'zod';

export type Theme = 'auto' | 'color' | 'mono';

export interface Preferences {
  /** Absolute path of the cluster file opened last, offered when --cluster is not given. */
  lastCluster?: string;
  /** Seconds between probe rounds in the console. */
  refreshSeconds: number;
  theme: Theme;
}

// Checked with zod, as the cluster files are, rather than with conf's JSON-schema option: that
// compiles the schema with ajv on every start, about 100 ms of the console's first frame.
const schema = z
  .object({
    lastCluster: z.string().optional(),
    refreshSeconds: z.number().min(1).max(3600).default(2),
    theme: z.enum(['auto', 'color', 'mono']).default('auto'),
  })
  .strict();

/** A preferences file whose content is wrong: the file and each field, with what was expected. */
export class PreferencesError extends Error {}

function check(value: unknown, file: string): Preferences {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const problems = r.error.issues.map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`);
  throw new PreferencesError(`${file}: ${problems.join('; ')}`);
}

export interface PreferenceStore {
  get<K extends keyof Preferences>(key: K): Preferences[K];
  set<K extends keyof Preferences>(key: K, value: Preferences[K]): void;
  readonly path: string;
}

/** The store; HAPILOT_CONFIG_DIR overrides the folder (tests, or a shared jump host). */
export function openPreferences(dir = process.env.HAPILOT_CONFIG_DIR): PreferenceStore {
  const conf = new Conf<Preferences>({
    projectName: 'hapilot',
    projectSuffix: '',
    ...(dir ? { cwd: dir } : {}),
    // A hand-edited mistake should be reported, not silently wiped.
    clearInvalidConfig: false,
    configFileMode: 0o600,
  });
  let prefs = check(conf.store, conf.path);
  return {
    get: (key) => prefs[key],
    set: (key, value) => {
      // Every command records the cluster file it used: no write when nothing changes.
      if (prefs[key] === value) return;
      const next = check({ ...prefs, [key]: value }, conf.path);
      conf.store = next;
      prefs = next;
    },
    path: conf.path,
  };
}
