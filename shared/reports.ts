// What managers' reports and uptime charts carry across the contract.
import { z } from 'zod';
import { DATASETS } from './protocol/v1.ts';

const Counts = z.object(Object.fromEntries(DATASETS.map((d) => [d, z.number()])) as Record<(typeof DATASETS)[number], z.ZodNumber>);

const Totals = z.object({
  secondsUp: z.number(),
  secondsDown: z.number(),
  secondsExcluded: z.number(),
  uptime: z.number().nullable(),
  returns: Counts,
});

export const GroupColumnSchema = z.enum(['area', 'phase', 'type_group']);
export type GroupColumnName = z.infer<typeof GroupColumnSchema>;

export const UptimeReportSchema = z.object({
  from: z.number(),
  to: z.number(),
  sources: z.array(z.object({ bucket: z.enum(['hour', 'day']), from: z.number(), to: z.number() })),
  sites: z.array(Totals.extend({ siteId: z.number().int() })),
  groups: z.array(Totals.extend({ group: z.string().nullable(), sites: z.number().int() })),
  fleet: Totals.extend({ sites: z.number().int() }),
});
export type UptimeReportView = z.infer<typeof UptimeReportSchema>;

export const SeriesPointSchema = z.object({ t: z.number(), up: z.number(), down: z.number(), excluded: z.number(), returns: Counts });
export type SeriesPointView = z.infer<typeof SeriesPointSchema>;

/** A time range for reports: ms since the epoch, from < to, at most ~6 years. */
export const RangeSchema = z
  .object({ from: z.number().int().nonnegative(), to: z.number().int().positive() })
  .refine((r) => r.from < r.to, 'The range must end after it starts')
  .refine((r) => r.to - r.from <= 6 * 366 * 86_400_000, 'The range is too long');
