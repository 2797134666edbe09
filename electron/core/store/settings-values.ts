// What both backends do with a stored setting: parse it with its key's schema, or fall back
// to the default (saying so) so one bad value never stops polling.
import { DEFAULT_SETTINGS, SettingsSchema, type SettingKey, type Settings } from '../../../shared/settings.ts';

export type OnBadSetting = (key: string, message: string) => void;

export function readSetting<K extends SettingKey>(key: K, stored: string | undefined, onBad: OnBadSetting): Settings[K] {
  if (stored === undefined) return DEFAULT_SETTINGS[key];
  let json: unknown;
  try {
    json = JSON.parse(stored);
  } catch {
    onBad(key, 'not JSON');
    return DEFAULT_SETTINGS[key];
  }
  const parsed = SettingsSchema.shape[key].safeParse(json);
  if (parsed.success) return parsed.data as Settings[K];
  onBad(key, parsed.error.issues[0]?.message ?? 'invalid');
  return DEFAULT_SETTINGS[key];
}

export function allSettings(stored: ReadonlyMap<string, string>, onBad: OnBadSetting): Settings {
  const out = {} as Record<SettingKey, unknown>;
  for (const key of Object.keys(DEFAULT_SETTINGS) as SettingKey[]) out[key] = readSetting(key, stored.get(key), onBad);
  return out as Settings;
}

/** Throws a ZodError for a value its key's schema refuses. */
export const checkSetting = <K extends SettingKey>(key: K, value: Settings[K]): Settings[K] => SettingsSchema.shape[key].parse(value) as Settings[K];
