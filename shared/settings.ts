// Console-wide settings: each key has a schema and a default.
import { z } from 'zod';

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
  /** Basemap tiles: OpenStreetMap by default, or Ordnance Survey's Maps API with the LA's key. */
  map: z.object({ tiles: z.enum(['osm', 'os', 'none']), osApiKey: z.string().max(200).regex(/^[\w-]*$/, 'An OS API key is letters, digits and dashes').nullable() }),
  /** Remote actions: sites acted on at once, how long one waits for a school that is off, how long a change has to show. */
  actions: z.object({
    concurrency: z.number().int().min(1).max(256),
    waitHours: z.number().int().min(1).max(24 * 14),
    verifyWindowMin: z.number().int().min(1).max(24 * 60),
  }),
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
  map: { tiles: 'osm', osApiKey: null },
  // A weekend: schools switch servers off on Friday evening and on again on Monday.
  actions: { concurrency: 16, waitHours: 72, verifyWindowMin: 15 },
};
