// Config rollouts: a persisted plan that takes a template's config to a set of sites in
// stages (a canary, then waves), gates each wave on the sites' health, and rolls a failed
// wave back by itself. Pure: the core drives it, the renderer shows it.
import { z } from 'zod';

const SiteIds = z.union([z.array(z.number().int().positive()).min(1).max(10_000), z.literal('all')]);

/** A wave after the canary: a number of sites, or a share of all the rollout's sites. */
export const WaveSizeSchema = z.union([z.object({ count: z.number().int().min(1).max(10_000) }).strict(), z.object({ percent: z.number().min(1).max(100) }).strict()]);
export type WaveSize = z.infer<typeof WaveSizeSchema>;

export const GATE_RULES = ['healthy', 'no-worse'] as const;
export const GateRuleSchema = z.enum(GATE_RULES);

export const RolloutPlanInputSchema = z
  .object({
    template: z.string().min(1).max(80),
    siteIds: SiteIds,
    /** Canary: this many sites first, spread over types and phases, or the ones chosen. */
    canary: z
      .object({ count: z.number().int().min(0).max(100).default(5), siteIds: z.array(z.number().int().positive()).max(100).optional() })
      .strict()
      .default({ count: 5 }),
    /** The waves after the canary; whatever they leave over is a last wave. */
    waves: z.array(WaveSizeSchema).max(20).default([{ percent: 25 }]),
    waitBetweenS: z.number().int().min(0).max(86_400).default(60),
    /** After each wave its sites are polled again; each must pass within the window. */
    gate: z.object({ windowMin: z.number().int().min(1).max(240).default(15), rule: GateRuleSchema.default('no-worse') }).strict().default({ windowMin: 15, rule: 'no-worse' }),
    /** A wave fails when more than this share of its reachable sites failed to apply or to verify. */
    maxFailurePct: z.number().min(0).max(100).default(10),
    approvalBetweenWaves: z.boolean().default(false),
    /** When a wave fails, roll back every site the rollout changed, not only that wave's. */
    rollbackAll: z.boolean().default(false),
    /** Sites whose config was changed on the server are left out unless a person includes them. */
    includeChangedLocally: z.boolean().default(false),
    /** How long an unreachable site stays pending. */
    offlineExpiryHours: z.number().int().min(1).max(24 * 14).default(72),
  })
  .strict();
export type RolloutPlanInput = z.output<typeof RolloutPlanInputSchema>;

export const ROLLOUT_STATES = ['draft', 'running', 'waiting', 'awaiting-approval', 'paused', 'halted', 'completed', 'aborted'] as const;
export const RolloutStateSchema = z.enum(ROLLOUT_STATES);
export type RolloutState = z.infer<typeof RolloutStateSchema>;
export const ROLLOUT_STATE_LABELS: Record<RolloutState, string> = {
  draft: 'Not started',
  running: 'Running',
  waiting: 'Waiting before the next wave',
  'awaiting-approval': 'Waiting for approval',
  paused: 'Paused',
  halted: 'Halted',
  completed: 'Completed',
  aborted: 'Aborted',
};
export const ACTIVE_ROLLOUT_STATES: ReadonlySet<RolloutState> = new Set(['running', 'waiting', 'awaiting-approval', 'paused']);

/**
 * pending: not sent yet. applying: journalled as sent (after a crash, read back before
 * anything else is done). applied: the agent took it; the gate is checking. verified: passed
 * its gate. failed: the agent refused it. A site that fails its gate, or whose wave failed,
 * goes to rolling-back (its error code says which).
 * conflict: its live config changed since the preview: skipped, never overwritten.
 * offline: unreachable, waits until it is back or expires. rolling-back → rolled-back or
 * rollback-failed. skipped: the rollout ended before its turn.
 */
export const ROLLOUT_SITE_STATES = [
  'pending',
  'applying',
  'applied',
  'verified',
  'failed',
  'conflict',
  'offline',
  'expired',
  'rolling-back',
  'rolled-back',
  'rollback-failed',
  'skipped',
] as const;
export const RolloutSiteStateSchema = z.enum(ROLLOUT_SITE_STATES);
export type RolloutSiteState = z.infer<typeof RolloutSiteStateSchema>;
export const ROLLOUT_SITE_LABELS: Record<RolloutSiteState, string> = {
  pending: 'Pending',
  applying: 'Applying',
  applied: 'Applied, checking',
  verified: 'Verified',
  failed: 'Apply failed',
  conflict: 'Conflict (changed since preview)',
  offline: 'Offline, waiting',
  expired: 'Offline, expired',
  'rolling-back': 'Rolling back',
  'rolled-back': 'Rolled back',
  'rollback-failed': 'Rollback failed',
  skipped: 'Skipped',
};
/** States a site does not leave by itself. */
export const SETTLED_SITE_STATES: ReadonlySet<RolloutSiteState> = new Set(['verified', 'failed', 'conflict', 'expired', 'rolled-back', 'rollback-failed', 'skipped']);

export const RolloutSiteSchema = z.object({
  siteId: z.number().int(),
  siteName: z.string(),
  /** 0 is the canary. */
  wave: z.number().int(),
  state: RolloutSiteStateSchema,
  /** The live hash seen at the preview: the apply's --expect. */
  fromHash: z.string(),
  toHash: z.string(),
  /** The template version this site's config was made from. */
  templateVersion: z.number().int(),
  /** "endpoint and schedule" */
  changes: z.string(),
  errorCode: z.string().nullable(),
  message: z.string().nullable(),
  verdictBefore: z.string().nullable(),
  verdictAfter: z.string().nullable(),
  appliedAt: z.number().int().nullable(),
  verifiedAt: z.number().int().nullable(),
  rolledBackAt: z.number().int().nullable(),
  /** When an offline site stops waiting. */
  expiresAt: z.number().int().nullable(),
  updatedAt: z.number().int(),
});
export type RolloutSite = z.infer<typeof RolloutSiteSchema>;

export const RolloutSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  template: z.string(),
  templateVersion: z.number().int(),
  plan: RolloutPlanInputSchema,
  state: RolloutStateSchema,
  actor: z.string(),
  createdAt: z.number().int(),
  startedAt: z.number().int().nullable(),
  finishedAt: z.number().int().nullable(),
  /** The wave being applied or checked (0 = canary); waves.length when all are done. */
  wave: z.number().int(),
  waves: z.number().int(),
  /** When the current wait or gate ends. */
  nextAt: z.number().int().nullable(),
  /** Why it halted, or what it waits for. */
  reason: z.string().nullable(),
  counts: z.partialRecord(RolloutSiteStateSchema, z.number().int()),
  total: z.number().int(),
  /** Sites asked for but left out, with why (no change needed, changed locally, no live config). */
  skipped: z.array(z.object({ siteId: z.number().int(), siteName: z.string(), why: z.string() })),
});
export type Rollout = z.infer<typeof RolloutSchema>;

/** A plan as previewed: the rollout (a draft), its diff grouped by what changes, and the waves. */
export const RolloutPreviewSchema = z.object({
  rollout: RolloutSchema,
  groups: z.array(z.object({ summary: z.string(), count: z.number().int(), siteIds: z.array(z.number().int()) })),
  waveSizes: z.array(z.number().int()),
  /** The count a person types to start it. */
  confirmCount: z.number().int(),
});
export type RolloutPreview = z.infer<typeof RolloutPreviewSchema>;

export const RolloutDetailSchema = z.object({ rollout: RolloutSchema, sites: z.array(RolloutSiteSchema) });
export type RolloutDetail = z.infer<typeof RolloutDetailSchema>;

/** One site's diff: each setting's value now and after. */
export const SiteDiffSchema = z.object({
  siteId: z.number().int(),
  siteName: z.string(),
  fromHash: z.string(),
  toHash: z.string(),
  changes: z.array(z.object({ path: z.string(), from: z.unknown(), to: z.unknown() })),
});
export type SiteDiff = z.infer<typeof SiteDiffSchema>;

/** The final report's columns, one row per site: what a person exports or prints. */
export const REPORT_COLUMNS = ['URN', 'School', 'Wave', 'Outcome', 'From hash', 'To hash', 'Template version', 'Changes', 'Applied', 'Verified', 'Rolled back', 'Verdict before', 'Verdict after', 'Error', 'Message'] as const;
