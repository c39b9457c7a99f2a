import type { Db } from '../store/database';
import { defaultSettings, type Settings, type SettingsPatch, settingsSchema } from '../../../shared/api/settings';

/** Console settings, one JSON document validated on read (a hand-edited row cannot crash start-up). */
export class SettingsStore {
  constructor(private readonly db: Db) {}

  get(): Settings {
    const row = this.db.prepare("SELECT value FROM settings WHERE key = 'console'").get() as { value: string } | undefined;
    if (!row) return structuredClone(defaultSettings);
    const parsed = settingsSchema.safeParse(JSON.parse(row.value));
    return parsed.success ? parsed.data : structuredClone(defaultSettings);
  }

  update(patch: SettingsPatch): Settings {
    const current = this.get();
    const next = settingsSchema.parse({
      ...current,
      ...patch,
      gateway: { ...current.gateway, ...(patch.gateway ?? {}) },
    });
    this.db
      .prepare("INSERT INTO settings (key, value) VALUES ('console', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value")
      .run(JSON.stringify(next));
    return next;
  }
}
