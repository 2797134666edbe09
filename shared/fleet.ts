// The fleet as the UI sees it: each site's current verdict and why, kept live by events.
import { z } from 'zod';
import { DatasetFreshnessSchema, ReasonSchema, VerdictSchema } from './health/verdict.ts';
import { AgentConfigSchema, StatusSchema } from './protocol/v1.ts';
import { SiteSchema } from './site.ts';

/** `rejected`: no key is trusted and the one the host offers was refused. A refused key on a pinned host stays `changed`. */
export const HostKeyStateSchema = z.enum(['pinned', 'pending', 'changed', 'rejected', 'none']);

export const SiteStatusSchema = z.object({
  siteId: z.number().int(),
  verdict: VerdictSchema,
  /** The last poll's own verdict, before flap damping. */
  rawVerdict: VerdictSchema,
  reasons: z.array(ReasonSchema),
  datasets: z.array(DatasetFreshnessSchema),
  polledAt: z.number().nullable(),
  /** When the shown verdict last changed. */
  changedAt: z.number().nullable(),
  lastOkAt: z.number().nullable(),
  latencyMs: z.number().nullable(),
  hostKey: z.object({ state: HostKeyStateSchema, approved: z.string().nullable(), pending: z.string().nullable(), rejected: z.string().optional() }),
  inMaintenance: z.boolean(),
  alertsMuted: z.boolean(),
  agentVersion: z.string().nullable(),
});
export type SiteStatus = z.infer<typeof SiteStatusSchema>;

export const FleetSnapshotSchema = z.object({
  sites: z.array(SiteSchema),
  statuses: z.array(SiteStatusSchema),
  paused: z.boolean(),
  generatedAt: z.number(),
});
export type FleetSnapshot = z.infer<typeof FleetSnapshotSchema>;

export const SiteDetailSchema = z.object({
  site: SiteSchema,
  status: SiteStatusSchema,
  /** The last status document the agent sent. */
  agent: StatusSchema.nullable(),
  config: z.object({ hash: z.string(), config: AgentConfigSchema }).nullable(),
  pollIntervalS: z.number().int(),
});
export type SiteDetail = z.infer<typeof SiteDetailSchema>;

export const VerdictSpanSchema = z.object({ from: z.number(), to: z.number(), verdict: VerdictSchema });
export type VerdictSpan = z.infer<typeof VerdictSpanSchema>;

export const SiteTimelineSchema = z.object({
  /** 'sample': exact, from raw samples; 'hour'/'day': the dominant verdict of each rollup bucket. */
  resolution: z.enum(['sample', 'hour', 'day']),
  spans: z.array(VerdictSpanSchema),
  /** From the later of the window's start and the site's first poll, to now; null: not yet monitored. */
  observed: z.object({ from: z.number(), to: z.number() }).nullable(),
  /** Exact seconds per verdict, read from the same rollups as the uptime report so the two agree. */
  seconds: z.array(z.object({ verdict: VerdictSchema, seconds: z.number() })),
});
export type SiteTimeline = z.infer<typeof SiteTimelineSchema>;
