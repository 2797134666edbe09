// The site register's GIAS import as the UI sees it: a preview (what an apply would do) and
// its outcome. The core decides it (electron/core/register/gias-plan.ts); this is the shape.
import { z } from 'zod';

/** The fields GIAS owns: a re-import may change these and nothing else. */
export const GIAS_FIELDS = ['laestab', 'name', 'type', 'typeGroup', 'phase', 'pupils', 'trust', 'postcode', 'street', 'town', 'giasStatus', 'latitude', 'longitude'] as const;
export type GiasField = (typeof GIAS_FIELDS)[number];

const Value = z.union([z.string(), z.number(), z.null()]);
export const FieldChangeSchema = z.object({ field: z.enum(GIAS_FIELDS), before: Value, after: Value });
export type FieldChange = z.infer<typeof FieldChangeSchema>;

const School = z.object({ urn: z.number().int(), name: z.string() });
const RowNote = z.object({ line: z.number().int(), urn: z.string().nullable(), name: z.string().nullable(), reason: z.string() });

export const GiasPreviewSchema = z.object({
  /** Pass to register.applyGias; null when the person must pick an LA first. */
  previewId: z.string().nullable(),
  fileName: z.string(),
  encoding: z.string().nullable(),
  rows: z.number().int(),
  las: z.array(z.object({ code: z.string(), name: z.string().nullable(), count: z.number().int() })),
  /** The LA previewed; null when the file holds several and the register gives no hint. */
  laCode: z.string().nullable(),
  includeClosed: z.boolean(),
  created: z.array(School.extend({ postcode: z.string().nullable(), area: z.string().nullable() })),
  changed: z.array(School.extend({ siteId: z.number().int(), changes: z.array(FieldChangeSchema) })),
  unchanged: z.number().int(),
  skipped: z.object({ notOpen: z.number().int(), otherLa: z.number().int(), removed: z.array(School.extend({ reason: z.string() })) }),
  /** Rows left out (invalid) or kept with something missing, by line. */
  problems: z.array(RowNote.extend({ kept: z.boolean() })),
  /** Schools the import leaves without a usable position. */
  notOnMap: z.array(School.extend({ postcode: z.string().nullable() })),
  /** Register schools GIAS now lists as closed, or that this extract does not hold: never archived here. */
  closedInGias: z.array(School.extend({ siteId: z.number().int(), status: z.string(), reasonClosed: z.string().nullable() })),
  notInExtract: z.array(School.extend({ siteId: z.number().int() })),
});
export type GiasPreview = z.infer<typeof GiasPreviewSchema>;

export const GiasApplyResultSchema = z.object({ created: z.number().int(), changed: z.number().int(), unchanged: z.number().int() });
export type GiasApplyResult = z.infer<typeof GiasApplyResultSchema>;

export const PlaceResultSchema = z.object({ siteId: z.number().int(), latitude: z.number(), longitude: z.number(), basis: z.string(), from: z.number().int() });
export type PlaceResult = z.infer<typeof PlaceResultSchema>;

/** "WM4 2UA" → district "WM4" and sector "WM4 2". */
export function postcodeParts(postcode: string | null): { district: string; sector: string } | null {
  const m = postcode ? /^([A-Z]{1,2}\d[A-Z\d]?) (\d)[A-Z]{2}$/.exec(postcode.trim().toUpperCase()) : null;
  return m && m[1] && m[2] ? { district: m[1], sector: `${m[1]} ${m[2]}` } : null;
}
