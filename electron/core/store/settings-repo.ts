// Console-wide settings: each key has a zod schema and a default, so a bad stored
// value falls back to the default with a log line instead of breaking polling.
import { z } from 'zod';
import type { Db } from './db.ts';

const TermSchema = z.object({ name: z.string().min(1).max(60), start: z.iso.date(), end: z.iso.date() }).refine((t) => t.start <= t.end, 'a term ends after it starts');

export const SettingsSchema = z.object({
  /** Default poll interval; sites or tags may override it. */
  pollIntervalS: z.number().int().min(30).max(86_400),
  /** Per-tag poll interval overrides, e.g. { "secondary": 120 }. */
  pollIntervalByTagS: z.record(z.string(), z.number().int().min(30).max(86_400)),
  /** Same new verdict this many polls in a row before it shows. */
  dampingPolls: z.number().int().min(1).max(10),
  /** School term dates; without them only weekends are quiet. */
  terms: z.array(TermSchema).max(60),
  closures: z.array(z.iso.date()).max(400),
  correlation: z.object({ percent: z.number().min(1).max(100), minSites: z.number().int().min(2), windowMin: z.number().int().min(1).max(120) }),
  notifications: z.object({ muted: z.boolean() }),
  retention: z.object({ rawHours: z.number().int().min(1).max(24 * 14), hourlyDays: z.number().int().min(7).max(730) }),
});
export type Settings = z.infer<typeof SettingsSchema>;
export type SettingKey = keyof Settings;

export const DEFAULT_SETTINGS: Settings = {
  pollIntervalS: 300,
  pollIntervalByTagS: {},
  dampingPolls: 2,
  terms: [],
  closures: [],
  correlation: { percent: 10, minSites: 5, windowMin: 10 },
  notifications: { muted: false },
  retention: { rawHours: 48, hourlyDays: 90 },
};

export class SettingsRepo {
  readonly #get;
  readonly #put;
  readonly #onBadValue: (key: string, message: string) => void;

  constructor(db: Db, onBadValue: (key: string, message: string) => void = () => undefined) {
    this.#get = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?');
    this.#put = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
    this.#onBadValue = onBadValue;
  }

  get<K extends SettingKey>(key: K): Settings[K] {
    const row = this.#get.get(key);
    if (!row) return DEFAULT_SETTINGS[key];
    const parsed = SettingsSchema.shape[key].safeParse(JSON.parse(row.value));
    if (parsed.success) return parsed.data as Settings[K];
    this.#onBadValue(key, parsed.error.issues[0]?.message ?? 'invalid');
    return DEFAULT_SETTINGS[key];
  }

  all(): Settings {
    const out = {} as Record<SettingKey, unknown>;
    for (const key of Object.keys(DEFAULT_SETTINGS) as SettingKey[]) out[key] = this.get(key);
    return out as Settings;
  }

  set<K extends SettingKey>(key: K, value: Settings[K]): Settings[K] {
    const parsed = SettingsSchema.shape[key].parse(value) as Settings[K];
    this.#put.run(key, JSON.stringify(parsed));
    return parsed;
  }
}
