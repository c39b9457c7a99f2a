import type { Db } from '../store/database';
import { defaultSettings, type Settings, type SettingsPatch, settingsSchema, withDefaults } from '../../../shared/api/settings';

/** Console settings, one JSON document validated on read (a hand-edited row cannot crash start-up). */
export class SettingsStore {
  /** The gateway reads the settings on every request: parsed once, until the next update. */
  private cached: Readonly<Settings> | null = null;

  constructor(private readonly db: Db) {}

  /** The current settings (shared: do not modify the object returned). */
  get(): Settings {
    this.cached ??= Object.freeze(this.read());
    return this.cached as Settings;
  }

  private read(): Settings {
    const row = this.db.prepare("SELECT value FROM settings WHERE key = 'console'").get() as { value: string } | undefined;
    if (!row) return structuredClone(defaultSettings);
    let stored: unknown;
    try {
      stored = JSON.parse(row.value);
    } catch {
      return structuredClone(defaultSettings);
    }
    const parsed = settingsSchema.safeParse(withDefaults(stored));
    return parsed.success ? parsed.data : structuredClone(defaultSettings);
  }

  /** The settings a patch would give, validated, without storing them. */
  merge(patch: SettingsPatch, current = this.get()): Settings {
    return settingsSchema.parse({
      ...current,
      ...patch,
      gateway: {
        ...current.gateway,
        ...(patch.gateway ?? {}),
        limits: { ...current.gateway.limits, ...(patch.gateway?.limits ?? {}) },
      },
      journal: { ...current.journal, ...(patch.journal ?? {}) },
    });
  }

  update(patch: SettingsPatch): Settings {
    const next = this.merge(patch);
    this.db
      .prepare("INSERT INTO settings (key, value) VALUES ('console', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value")
      .run(JSON.stringify(next));
    this.cached = null;
    return next;
  }
}
