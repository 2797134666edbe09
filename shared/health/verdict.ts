// What the console concludes about a site after a poll, and why.
import { z } from 'zod';
import { DatasetSchema } from '../protocol/v1.ts';

export const VERDICTS = ['healthy', 'lagging', 'failing', 'unreachable', 'auth-failed', 'hostkey-changed', 'protocol-error', 'unknown', 'maintenance'] as const;
export const VerdictSchema = z.enum(VERDICTS);
export type Verdict = z.infer<typeof VerdictSchema>;

export const VERDICT_LABELS: Record<Verdict, string> = {
  healthy: 'Healthy',
  lagging: 'Lagging',
  failing: 'Failing',
  unreachable: 'Unreachable',
  'auth-failed': 'Auth failed',
  'hostkey-changed': 'Host key changed',
  'protocol-error': 'Protocol error',
  unknown: 'Unknown',
  maintenance: 'Maintenance',
};

/** Verdicts that count as "up" for uptime: data is flowing, if late. */
export const UP_VERDICTS: readonly Verdict[] = ['healthy', 'lagging'];
/** Verdicts that count as "down" for uptime and open incidents. */
export const DOWN_VERDICTS: readonly Verdict[] = ['failing', 'unreachable', 'auth-failed', 'hostkey-changed', 'protocol-error'];
/** Neither: not counted in uptime (no data yet, or muted for maintenance). */
export const EXCLUDED_VERDICTS: readonly Verdict[] = ['unknown', 'maintenance'];

export const isDown = (v: Verdict): boolean => DOWN_VERDICTS.includes(v);
export const isUp = (v: Verdict): boolean => UP_VERDICTS.includes(v);

/** How bad, for sorting: higher is worse. */
export const VERDICT_RANK: Record<Verdict, number> = {
  healthy: 0,
  maintenance: 1,
  unknown: 2,
  lagging: 3,
  'protocol-error': 4,
  unreachable: 5,
  'auth-failed': 6,
  'hostkey-changed': 7,
  failing: 8,
};

export const ReasonSchema = z.object({
  /** Stable code, e.g. 'service-stopped', 'dataset-overdue', 'mis-unreachable'. */
  code: z.string(),
  /** 'bad' makes a site failing, 'warn' lagging, 'info' changes nothing. */
  severity: z.enum(['bad', 'warn', 'info']),
  message: z.string(),
  dataset: DatasetSchema.optional(),
});
export type Reason = z.infer<typeof ReasonSchema>;

export const DatasetFreshnessSchema = z.object({
  dataset: DatasetSchema,
  /** 'disabled': the site's config leaves the dataset out (protocol 1.1 `enabled`), so nothing is expected. */
  state: z.enum(['fresh', 'overdue', 'stale', 'never', 'hung', 'failed', 'quiet', 'disabled']),
  lastSuccess: z.string().nullable(),
  lastAttempt: z.string().nullable(),
  /** Scheduled transfers that should have happened since the last success. */
  missedSlots: z.number().int().min(0),
  errorCode: z.string().nullable(),
});
export type DatasetFreshness = z.infer<typeof DatasetFreshnessSchema>;

export const AssessmentSchema = z.object({
  verdict: VerdictSchema,
  reasons: z.array(ReasonSchema),
  datasets: z.array(DatasetFreshnessSchema),
});
export type Assessment = z.infer<typeof AssessmentSchema>;
