// Fleet configuration: what each site's agent config should be, and how that differs from
// what it has. A site's desired config is its live config with, in order, its template's
// fields, its area's override, its tags' overrides (by tag name) and its own override laid
// over it. Pure: the core stores and applies, the renderer shows and edits.
import { z } from 'zod';
import { AgentConfigSchema, DATASETS, type AgentConfig, type Dataset } from './protocol/v1.ts';

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'A time is HH:MM, e.g. 02:30');
const Times = z.array(HHMM).min(1, 'Give at least one time').max(24, 'At most 24 times a day');
const Days = z
  .array(z.number().int().min(1).max(7))
  .min(1, 'Give at least one day')
  .max(7)
  .refine((a) => new Set(a).size === a.length, 'A day is named twice');
const perDataset = <T extends z.ZodType>(t: T) => z.object(Object.fromEntries(DATASETS.map((d) => [d, t.optional()])) as Record<Dataset, z.ZodOptional<T>>).strict();

/**
 * The fields a template or an override may set: each checked as the protocol checks it,
 * so an error is reported at the field that has it.
 */
export const ConfigFieldsSchema = z
  .object({
    endpointUrl: AgentConfigSchema.shape.endpointUrl,
    schoolId: AgentConfigSchema.shape.schoolId,
    schedule: perDataset(Times),
    days: perDataset(Days),
    enabled: z
      .array(z.enum(DATASETS))
      .min(1, 'Enable at least one dataset')
      .refine((a) => new Set(a).size === a.length, 'A dataset is named twice'),
    logLevel: AgentConfigSchema.shape.logLevel,
    proxy: z.string().regex(/^[A-Za-z0-9.-]{1,240}:\d{1,5}$/, 'A proxy is host:port, e.g. proxy.example.net:8080').nullable(),
  })
  .partial()
  .strict();
export type ConfigFields = z.infer<typeof ConfigFieldsSchema>;

/** The field names a person sees, for diffs, errors and the override editor. */
export const FIELD_LABELS: Record<keyof ConfigFields | 'mis', string> = {
  endpointUrl: 'endpoint',
  schoolId: 'school ID',
  schedule: 'schedule',
  days: 'schedule',
  enabled: 'datasets',
  logLevel: 'log level',
  proxy: 'proxy',
  mis: 'MIS connection',
};

/** "schedule.attendance" → message, from a failed parse: what a form shows at each field. */
export function fieldErrors(error: z.ZodError, prefix: string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = [...prefix, ...issue.path.map(String)].join('.') || '(config)';
    out[key] ??= issue.code === 'unrecognized_keys' ? `Not a setting the agent has: ${issue.keys.join(', ')}` : issue.message;
  }
  return out;
}

// ---- templates and overrides -------------------------------------------------------

export const TemplateNameSchema = z
  .string()
  .trim()
  .min(1, 'A template needs a name')
  .max(80, 'At most 80 characters')
  .regex(/^[\w .()/&'-]+$/, 'A name may contain letters, digits, spaces and . ( ) / & \' -');

export const TemplateSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  version: z.number().int().min(1),
  fields: ConfigFieldsSchema,
  author: z.string(),
  note: z.string(),
  createdAt: z.number().int(),
  /** Sites that follow this template (any version: a site follows the newest). */
  sites: z.number().int(),
});
export type Template = z.infer<typeof TemplateSchema>;

export const NoteSchema = z.string().trim().min(1, 'Say what changed and why').max(500, 'At most 500 characters');

export const OVERRIDE_SCOPES = ['area', 'tag', 'site'] as const;
export const OverrideScopeSchema = z.enum(OVERRIDE_SCOPES);
export type OverrideScope = z.infer<typeof OverrideScopeSchema>;

export const OverrideSchema = z.object({
  scope: OverrideScopeSchema,
  /** The area or tag name, or the site id as text. */
  key: z.string(),
  /** For the person: the area, the tag, or the site's name. */
  label: z.string(),
  fields: ConfigFieldsSchema,
  author: z.string(),
  note: z.string(),
  updatedAt: z.number().int(),
});
export type Override = z.infer<typeof OverrideSchema>;

/** One layer laid over the live config, named for the person reading the preview. */
export interface Layer {
  source: string;
  fields: ConfigFields;
}

/** Every dataset enabled is the same as the field left out: old agents keep their hash. */
function normalEnabled(enabled: readonly Dataset[] | undefined): Dataset[] | undefined {
  if (enabled === undefined || DATASETS.every((d) => enabled.includes(d))) return undefined;
  return DATASETS.filter((d) => enabled.includes(d));
}

export type Desired = { ok: true; config: AgentConfig; sources: Record<string, string> } | { ok: false; message: string; fields: Record<string, string> };

/**
 * The config a site should have: its live config with each layer's fields laid over it in
 * order. Schedules merge per dataset. `sources` says which layer set each field.
 */
export function resolveDesired(live: AgentConfig, layers: readonly Layer[]): Desired {
  const out: AgentConfig = { ...live, schedule: { ...live.schedule }, days: { ...live.days }, mis: { ...live.mis } };
  const sources: Record<string, string> = {};
  for (const { source, fields } of layers) {
    for (const d of DATASETS) {
      const times = fields.schedule?.[d];
      if (times) {
        out.schedule[d] = [...times].sort();
        sources[`schedule.${d}`] = source;
      }
      const days = fields.days?.[d];
      if (days) {
        out.days[d] = [...days].sort((a, b) => a - b);
        sources[`days.${d}`] = source;
      }
    }
    for (const key of ['endpointUrl', 'schoolId', 'logLevel', 'proxy', 'enabled'] as const) {
      if (fields[key] === undefined) continue;
      Object.assign(out, { [key]: fields[key] });
      sources[key] = source;
    }
  }
  const enabled = normalEnabled(out.enabled);
  if (enabled === undefined) delete out.enabled;
  else out.enabled = enabled;
  const checked = AgentConfigSchema.safeParse(out);
  if (!checked.success) return { ok: false, message: `The resulting config is not valid: ${checked.error.issues[0]?.message ?? 'invalid'}`, fields: fieldErrors(checked.error) };
  return { ok: true, config: checked.data, sources };
}

// ---- diff --------------------------------------------------------------------------

export interface FieldChange {
  /** "endpointUrl", "schedule.attendance", "mis.server". */
  path: string;
  from: unknown;
  to: unknown;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Every setting that differs, one line each, in a fixed order. */
export function diffConfig(live: AgentConfig, desired: AgentConfig): FieldChange[] {
  const out: FieldChange[] = [];
  const top = (path: keyof AgentConfig, from: unknown, to: unknown) => {
    if (!same(from, to)) out.push({ path, from: from ?? null, to: to ?? null });
  };
  top('endpointUrl', live.endpointUrl, desired.endpointUrl);
  top('schoolId', live.schoolId, desired.schoolId);
  for (const k of ['product', 'server', 'database'] as const) if (live.mis[k] !== desired.mis[k]) out.push({ path: `mis.${k}`, from: live.mis[k], to: desired.mis[k] });
  for (const d of DATASETS) {
    if (!same(live.schedule[d], desired.schedule[d])) out.push({ path: `schedule.${d}`, from: live.schedule[d], to: desired.schedule[d] });
    if (!same(live.days[d], desired.days[d])) out.push({ path: `days.${d}`, from: live.days[d], to: desired.days[d] });
  }
  top('enabled', live.enabled ?? [...DATASETS], desired.enabled ?? [...DATASETS]);
  top('logLevel', live.logLevel, desired.logLevel);
  top('proxy', live.proxy, desired.proxy);
  return out;
}

/** What a set of changes touches, as a person names it: "endpoint and schedule". */
export function changeSummary(changes: readonly FieldChange[]): string {
  const groups: string[] = [];
  for (const c of changes) {
    const head = c.path.split('.')[0] as keyof typeof FIELD_LABELS;
    const label = FIELD_LABELS[head];
    if (!groups.includes(label)) groups.push(label);
  }
  if (groups.length === 0) return 'nothing';
  return groups.length === 1 ? (groups[0] ?? '') : `${groups.slice(0, -1).join(', ')} and ${groups.at(-1) ?? ''}`;
}

export interface DiffGroup {
  /** "endpoint and schedule" */
  summary: string;
  siteIds: number[];
}

/** Sites grouped by what changes for them, largest group first: "412 sites: endpoint". */
export function groupDiffs(perSite: ReadonlyArray<{ siteId: number; changes: readonly FieldChange[] }>): DiffGroup[] {
  const groups = new Map<string, number[]>();
  for (const s of perSite) {
    if (s.changes.length === 0) continue;
    const key = changeSummary(s.changes);
    const ids = groups.get(key) ?? [];
    ids.push(s.siteId);
    groups.set(key, ids);
  }
  return [...groups].map(([summary, siteIds]) => ({ summary, siteIds })).sort((a, b) => b.siteIds.length - a.siteIds.length || a.summary.localeCompare(b.summary));
}

// ---- drift -------------------------------------------------------------------------

/**
 * in-sync: live is desired. drift: live differs from desired. changed-locally: the live
 * config changed without the console (never overwritten without a person saying so).
 * unmanaged: no template. unknown: no config read yet. invalid: the layers do not make a
 * valid config.
 */
export const CONFIG_STATES = ['in-sync', 'drift', 'changed-locally', 'unmanaged', 'unknown', 'invalid'] as const;
export const ConfigStateSchema = z.enum(CONFIG_STATES);
export type ConfigState = z.infer<typeof ConfigStateSchema>;

export const CONFIG_STATE_LABELS: Record<ConfigState, string> = {
  'in-sync': 'In sync',
  drift: 'Drift',
  'changed-locally': 'Changed locally',
  unmanaged: 'No template',
  unknown: 'Not read yet',
  invalid: 'Invalid overrides',
};

export interface DriftInput {
  liveHash: string | null;
  desiredHash: string | null;
  managed: boolean;
  desiredValid: boolean;
  /** The hash the console last applied or accepted for the site. */
  knownHash: string | null;
}

export function configState(d: DriftInput): ConfigState {
  if (d.liveHash === null) return 'unknown';
  // Any change the console did not make is flagged until a person looks, even one that
  // happens to match what the console wants: someone is editing that server by hand.
  if (d.knownHash !== null && d.liveHash !== d.knownHash) return 'changed-locally';
  if (!d.managed) return 'unmanaged';
  if (!d.desiredValid) return 'invalid';
  return d.liveHash === d.desiredHash ? 'in-sync' : 'drift';
}

export const SiteConfigStateSchema = z.object({
  siteId: z.number().int(),
  state: ConfigStateSchema,
  liveHash: z.string().nullable(),
  desiredHash: z.string().nullable(),
  /** When the live config was read. */
  readAt: z.number().int().nullable(),
  template: z.string().nullable(),
});
export type SiteConfigState = z.infer<typeof SiteConfigStateSchema>;
