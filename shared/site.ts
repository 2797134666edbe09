// A school site in the register: who it is (GIAS identity) and how to reach its agent.
import { z } from 'zod';
import { hostProblem } from './host.ts';
import { refuseUnsafeLines, refuseUnsafeText } from './safe-text.ts';

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `At most ${max} characters`)
    .superRefine(refuseUnsafeText)
    .transform((s) => (s === '' ? null : s))
    .nullable()
    .optional()
    .transform((s) => s ?? null);

/** URN: the stable six-digit key from GIAS (Get Information About Schools). */
export const UrnSchema = z
  .number({ error: 'URN is required' })
  .int('URN must be a whole number')
  .min(100000, 'URN must be six digits')
  .max(999999, 'URN must be six digits');

/** LAESTAB: LA code + establishment number, 7 digits, shown as 3+4 ("999/2000"). */
export const LaestabSchema = z
  .string()
  .trim()
  .regex(/^\d{3}\/?\d{4}$/, 'LAESTAB is 7 digits, e.g. 999/2000')
  .transform((s) => s.replace('/', ''));

export const HostSchema = z
  .string({ error: 'Host is required' })
  .trim()
  .superRefine((host, ctx) => {
    const problem = hostProblem(host);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const PortSchema = z
  .number({ error: 'Port is required' })
  .int('Port must be a whole number')
  .min(1, 'Port must be between 1 and 65535')
  .max(65535, 'Port must be between 1 and 65535');

export const SshUserSchema = z
  .string()
  .trim()
  .min(1, 'User is required')
  .max(64, 'User is too long')
  .refine((u) => !u.startsWith('-'), 'User cannot start with "-"')
  .regex(/^[a-z_][a-z0-9_.-]*\$?$/i, 'User may contain letters, digits, dots, hyphens and underscores');

export const TagSchema = z
  .string()
  .trim()
  .min(1)
  .max(40, 'A tag is at most 40 characters')
  .superRefine(refuseUnsafeText)
  .regex(/^[\w .:/-]+$/, 'A tag may contain letters, digits, spaces and . : / -');

/** A map pin needs both coordinates: say so at the one that is missing. */
function bothOrNeither(site: { latitude: number | null; longitude: number | null }, ctx: z.RefinementCtx): void {
  if (site.latitude !== null && site.longitude === null) ctx.addIssue({ code: 'custom', path: ['longitude'], message: 'Give a longitude too, or clear the latitude' });
  if (site.longitude !== null && site.latitude === null) ctx.addIssue({ code: 'custom', path: ['latitude'], message: 'Give a latitude too, or clear the longitude' });
}

export const LocationSourceSchema = z.enum(['gias', 'postcode', 'manual']);
export type LocationSource = z.infer<typeof LocationSourceSchema>;

function hostAndUserTogether(site: { host: string | null; user: string | null }, ctx: z.RefinementCtx): void {
  if (site.host !== null && site.user === null) ctx.addIssue({ code: 'custom', path: ['user'], message: 'User is required' });
  if (site.user !== null && site.host === null) ctx.addIssue({ code: 'custom', path: ['host'], message: 'Host is required' });
}

/** What a person types to add or edit a site. */
export const SiteInputSchema = z.object({
  urn: UrnSchema,
  laestab: LaestabSchema.nullable().optional().transform((s) => s ?? null),
  name: z.string().trim().min(1, 'Name is required').max(200, 'Name is too long').superRefine(refuseUnsafeText),
  type: optionalText(120),
  typeGroup: optionalText(120),
  phase: optionalText(60),
  trust: optionalText(200),
  area: optionalText(120),
  pupils: z.number().int().min(0, 'Pupils cannot be negative').max(10000).nullable().optional().transform((n) => n ?? null),
  latitude: z.number().min(49, 'Latitude must be in England').max(61, 'Latitude must be in England').nullable().optional().transform((n) => n ?? null),
  longitude: z.number().min(-8, 'Longitude must be in England').max(2, 'Longitude must be in England').nullable().optional().transform((n) => n ?? null),
  // Both null: a register site that waits for its host (GIAS import); the form sends null only
  // when a site already waits, so a person adding a site still gives both.
  host: HostSchema.nullable(),
  port: PortSchema.default(22),
  user: SshUserSchema.nullable(),
  tags: z.array(TagSchema).max(20, 'At most 20 tags').default([]),
  /** The support team's own notes: local, never overwritten by a GIAS re-import. */
  notes: z.string().max(4000, 'Notes are at most 4,000 characters').superRefine(refuseUnsafeLines).default(''),
}).superRefine(bothOrNeither).superRefine(hostAndUserTogether);
export type SiteInput = z.input<typeof SiteInputSchema>;
export type SiteFields = z.output<typeof SiteInputSchema>;

export const SiteSchema = z.object({
  id: z.number().int().positive(),
  urn: z.number().int(),
  laestab: z.string().nullable(),
  name: z.string(),
  type: z.string().nullable(),
  typeGroup: z.string().nullable(),
  phase: z.string().nullable(),
  trust: z.string().nullable(),
  area: z.string().nullable(),
  pupils: z.number().int().nullable(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  /** Null for a register site that waits for its B2B host: in the register, not yet polled. */
  host: z.string().nullable(),
  port: z.number().int(),
  user: z.string().nullable(),
  tags: z.array(z.string()),
  postcode: z.string().nullable(),
  street: z.string().nullable(),
  town: z.string().nullable(),
  /** GIAS's establishment status at the last import ("Open", "Closed", …); null if never imported. */
  giasStatus: z.string().nullable(),
  /** How the map position was found: GIAS easting/northing, estimated from the postcode, or set by a person. */
  locationSource: LocationSourceSchema.nullable(),
  notes: z.string(),
  /** Demo sites come from the built-in simulator and never mix with real ones. */
  demo: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Set when the site was removed: out of the fleet, its history kept, restorable. */
  archivedAt: z.string().nullable(),
  archivedBy: z.string().nullable(),
});
export type Site = z.infer<typeof SiteSchema>;
/** A site in the fleet: it has its agent's host and SSH user. */
export type SetUpSite = Site & { host: string; user: string };

/** A site that has a host is in the fleet; one without waits in the register ("not set up yet"). */
export function isSetUp<T extends Pick<Site, 'host' | 'user'>>(site: T): site is T & { host: string; user: string } {
  return site.host !== null && site.user !== null;
}

/** What a person may edit on a site: the form's fields, in one list for edits, audits and bulk changes. */
export const EDITABLE_FIELDS = ['urn', 'laestab', 'name', 'type', 'typeGroup', 'phase', 'trust', 'area', 'pupils', 'latitude', 'longitude', 'host', 'port', 'user', 'tags', 'notes'] as const satisfies readonly (keyof SiteFields)[];

/** A site's editable fields, as an update takes them. */
export function fieldsOf(site: Site): SiteFields {
  return Object.fromEntries(EDITABLE_FIELDS.map((k) => [k, site[k]])) as SiteFields;
}

export function formatLaestab(laestab: string | null): string {
  return laestab && laestab.length === 7 ? `${laestab.slice(0, 3)}/${laestab.slice(3)}` : (laestab ?? '');
}

/** Academies and free schools have no census attendance to fall back on. */
export function isAcademy(typeGroup: string | null): boolean {
  return typeGroup !== null && /academ|free school/i.test(typeGroup);
}
