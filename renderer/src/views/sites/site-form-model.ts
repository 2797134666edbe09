// Turns the form's text fields into a SiteInput and back; validation is the shared schema's.
import { SiteInputSchema, formatLaestab, type Site, type SiteInput } from '../../../../shared/site.ts';
import { fieldErrors } from '../../../../shared/result.ts';

export const FORM_FIELDS = ['urn', 'laestab', 'name', 'typeGroup', 'type', 'phase', 'trust', 'area', 'pupils', 'latitude', 'longitude', 'host', 'port', 'user', 'tags', 'notes'] as const;
export type FormField = (typeof FORM_FIELDS)[number];
export type FormValues = Record<FormField, string>;

export const emptyForm: FormValues = {
  urn: '', laestab: '', name: '', typeGroup: '', type: '', phase: '', trust: '', area: '',
  pupils: '', latitude: '', longitude: '', host: '', port: '22', user: '', tags: '', notes: '',
};

export function formFromSite(s: Site): FormValues {
  const text = (v: string | number | null) => (v === null ? '' : String(v));
  return {
    urn: String(s.urn), laestab: formatLaestab(s.laestab), name: s.name, typeGroup: text(s.typeGroup), type: text(s.type),
    phase: text(s.phase), trust: text(s.trust), area: text(s.area), pupils: text(s.pupils), latitude: text(s.latitude),
    longitude: text(s.longitude), host: text(s.host), port: String(s.port), user: text(s.user), tags: s.tags.join(', '),
    notes: s.notes,
  };
}

const num = (s: string): number | undefined => (s.trim() === '' ? undefined : Number(s.trim()));
const numOrNull = (s: string): number | null => (s.trim() === '' ? null : Number(s.trim()));
const textOrNull = (s: string): string | null => (s.trim() === '' ? null : s);

/**
 * `waiting`: the site is a register site without a host, so leaving host and user both blank
 * keeps it waiting; adding a site (or one already set up) needs both.
 */
export function siteInputFromForm(v: FormValues, waiting = false): SiteInput {
  const unset = waiting && v.host.trim() === '' && v.user.trim() === '';
  return {
    urn: num(v.urn) as number, // undefined reaches the schema, which says "URN is required"
    laestab: textOrNull(v.laestab),
    name: v.name,
    typeGroup: textOrNull(v.typeGroup),
    type: textOrNull(v.type),
    phase: textOrNull(v.phase),
    trust: textOrNull(v.trust),
    area: textOrNull(v.area),
    pupils: numOrNull(v.pupils),
    latitude: numOrNull(v.latitude),
    longitude: numOrNull(v.longitude),
    host: unset ? null : v.host,
    port: num(v.port),
    user: unset ? null : v.user,
    tags: v.tags.split(',').map((t) => t.trim()).filter(Boolean),
    notes: v.notes,
  };
}

/** Field → message, checked with the same schema the core uses. */
export function validateForm(v: FormValues, waiting = false): Record<string, string> {
  const r = SiteInputSchema.safeParse(siteInputFromForm(v, waiting));
  if (r.success) return {};
  return errorsByField(fieldErrors(r.error));
}

/**
 * Puts field messages on the form's fields: the core's arrive as site.<field>, and tag
 * errors as tags.0, tags.1 …, which all belong on the one tags field.
 */
export function errorsByField(fields: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, message] of Object.entries(fields)) {
    const field = key.replace(/^site\./, '').replace(/^tags\..*$/, 'tags');
    out[field] ??= message;
  }
  return out;
}
