// Academy conversions: GIAS closes a maintained school's URN and opens a new one for the
// academy, while the school's B2B server stays where it was. These are the shapes the
// console offers (a pair, with its evidence and what will carry over) and confirms.
import { z } from 'zod';

export const CONVERSION_KIND = 'academy-conversion';

/** GIAS link types that say one establishment took over from another. */
export const SUCCESSION_LINK_TYPES = [
  'Predecessor',
  'Successor',
  'Predecessor - amalgamated',
  'Successor - amalgamated',
  'Predecessor - merged',
  'Successor - merged',
  'Predecessor - Split School',
  'Successor - Split School',
] as const;
/** Link types GIAS uses that say nothing about succession: read and left aside. */
export const OTHER_LINK_TYPES = ['Sixth Form Centre Link', 'Sixth Form Centre School', 'Other'] as const;

const UrnNumber = z.number().int().min(100000).max(999999);

export const ConversionPairSchema = z.object({
  /** ready: can be confirmed; ambiguous: more than one candidate, never guessed; blocked: the successor needs a person first. */
  status: z.enum(['ready', 'ambiguous', 'blocked']),
  predecessor: z.object({ siteId: z.number().int(), urn: UrnNumber, name: z.string(), host: z.string().nullable(), port: z.number().int(), user: z.string().nullable() }),
  successor: z.object({ urn: UrnNumber, name: z.string(), siteId: z.number().int().nullable() }),
  /** Other successors (or predecessors) that fit as well: why the pair is ambiguous. */
  candidates: z.array(z.object({ urn: UrnNumber, name: z.string() })),
  /** What says these are one school: "links file: Successor" or the address and dates. */
  evidence: z.string(),
  /** YYYY-MM-DD: when the academy opened (GIAS), shown as "converted on". */
  convertedOn: z.string().nullable(),
  /** What moves to the successor, in words ("host 10.0.0.5:22", "pinned host key", …). */
  carries: z.array(z.string()),
  /** Why it is ambiguous or blocked. */
  note: z.string().nullable(),
});
export type ConversionPair = z.infer<typeof ConversionPairSchema>;

export const ConversionProblemSchema = z.object({ file: z.enum(['extract', 'links']), line: z.number().int(), reason: z.string() });
export type ConversionProblem = z.infer<typeof ConversionProblemSchema>;

export const ConversionPreviewSchema = z.object({
  pairs: z.array(ConversionPairSchema),
  /** Where the pairs came from. */
  source: z.enum(['links', 'evidence']),
  problems: z.array(ConversionProblemSchema),
});
export type ConversionPreview = z.infer<typeof ConversionPreviewSchema>;

export const ConversionFilesSchema = z.object({ extractId: z.uuid(), linksId: z.uuid().nullable().default(null) }).strict();

export const ConversionConfirmSchema = z
  .object({
    extractId: z.uuid(),
    linksId: z.uuid().nullable().default(null),
    pairs: z.array(z.object({ predecessorUrn: UrnNumber, successorUrn: UrnNumber }).strict()).min(1, 'Choose at least one pair').max(500),
  })
  .strict();

export const ConversionConfirmedSchema = z.object({ confirmed: z.array(z.object({ predecessorUrn: z.number().int(), successorUrn: z.number().int(), successorId: z.number().int() })) });

/** A site's conversions, for its detail page: "Formerly URN 141043 (converted 01-09-2021)". */
export const SiteLineageSchema = z.object({
  predecessors: z.array(z.object({ siteId: z.number().int(), urn: z.number().int(), name: z.string(), convertedOn: z.string().nullable(), confirmedAt: z.number() })),
  successor: z.object({ siteId: z.number().int(), urn: z.number().int(), name: z.string(), convertedOn: z.string().nullable() }).nullable(),
});
export type SiteLineage = z.infer<typeof SiteLineageSchema>;

/** "2021-09-01" → "01-09-2021", the way GIAS writes dates. */
export function giasDate(iso: string | null): string {
  const m = iso ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso) : null;
  return m ? `${m[3]}-${m[2]}-${m[1]}` : (iso ?? '');
}
