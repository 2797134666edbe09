// The host inventory: how to reach each site (host, port, user, credential) plus its tags and
// area, as a CSV people export, edit in a spreadsheet and import, and as a bulk edit of a
// fleet table selection. Both end in the same per-site change, previewed and then applied.
import { z } from 'zod';
import { PortSchema, SshUserSchema, TagSchema } from './site.ts';
import { refuseUnsafeText } from './safe-text.ts';

/** The CSV's columns, in the order the export writes them. `name` is for people; the import ignores it. */
export const INVENTORY_COLUMNS = ['URN', 'name', 'host', 'port', 'user', 'credential', 'tags', 'area'] as const;

/** What the inventory may change on a site. `credential` is a credential's name. */
export const INVENTORY_FIELDS = ['host', 'port', 'user', 'credential', 'tags', 'area'] as const;
export type InventoryField = (typeof INVENTORY_FIELDS)[number];

export const FieldChangeSchema = z.object({ field: z.enum(INVENTORY_FIELDS), before: z.string(), after: z.string() });
export type FieldChange = z.infer<typeof FieldChangeSchema>;

/** One site that would change, with a version of what the preview saw so apply can tell if it moved since. */
export const SiteChangeSchema = z.object({
  siteId: z.number().int(),
  urn: z.number().int(),
  name: z.string(),
  version: z.string(),
  changes: z.array(FieldChangeSchema),
  /** The site's pinned host key is forgotten: it belonged to the old address. */
  forgetsHostKey: z.boolean(),
});
export type SiteChange = z.infer<typeof SiteChangeSchema>;

export const InventoryRowSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('change'), line: z.number().int(), change: SiteChangeSchema }),
  z.object({ kind: z.literal('unchanged'), line: z.number().int(), urn: z.number().int(), name: z.string() }),
  z.object({ kind: z.literal('invalid'), line: z.number().int(), urn: z.number().int().nullable(), reason: z.string() }),
]);
export type InventoryRow = z.infer<typeof InventoryRowSchema>;

export const InventoryPreviewSchema = z.object({
  uploadId: z.uuid(),
  rows: z.array(InventoryRowSchema),
  changed: z.number().int(),
  unchanged: z.number().int(),
  invalid: z.number().int(),
});
export type InventoryPreview = z.infer<typeof InventoryPreviewSchema>;

/** What the preview saw of each site it would change: apply refuses a site that moved since. */
export const SeenVersionsSchema = z.array(z.object({ siteId: z.number().int().positive(), version: z.string().max(100) })).max(100_000);
export type SeenVersions = z.infer<typeof SeenVersionsSchema>;

export const InventoryAppliedSchema = z.object({
  applied: z.number().int(),
  /** Sites edited by someone else between the preview and apply: left alone, said so. */
  stale: z.array(z.object({ siteId: z.number().int(), name: z.string(), reason: z.string() })),
});
export type InventoryApplied = z.infer<typeof InventoryAppliedSchema>;

const Area = z.string().trim().min(1, 'Give an area, or leave it out').max(120, 'At most 120 characters').superRefine(refuseUnsafeText);

/** A bulk edit of a selection: every field left out stays as it is on each site. */
export const BulkEditSchema = z
  .object({
    siteIds: z.array(z.number().int().positive()).min(1, 'Select some sites first').max(100_000),
    port: PortSchema.optional(),
    user: SshUserSchema.optional(),
    credential: z.string().trim().min(1).max(100).optional(),
    area: Area.optional(),
    addTags: z.array(TagSchema).max(20, 'At most 20 tags').default([]),
    removeTags: z.array(TagSchema).max(20, 'At most 20 tags').default([]),
  })
  .strict();
export type BulkEditInput = z.input<typeof BulkEditSchema>;
export type BulkEdit = z.output<typeof BulkEditSchema>;

export const BulkPreviewSchema = z.object({
  changes: z.array(SiteChangeSchema),
  unchanged: z.number().int(),
  /** Selected sites the edit cannot touch (demo, removed), with why. */
  skipped: z.array(z.object({ siteId: z.number().int(), name: z.string(), reason: z.string() })),
});
export type BulkPreview = z.infer<typeof BulkPreviewSchema>;

/** Tags in a cell: separated by ; or | (commas would need quoting in a spreadsheet). */
export function splitTags(cell: string): string[] {
  return cell
    .split(/[;|]/)
    .map((t) => t.trim())
    .filter((t) => t !== '');
}

export const joinTags = (tags: readonly string[]): string => tags.join('; ');
