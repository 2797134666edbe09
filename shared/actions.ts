// Remote actions: what a person can ask a school's agent to do, and every state an action
// and a bulk run pass through. Pure: the core runs them, the renderer shows them.
import { z } from 'zod';
import { AgentConfigSchema, DatasetSchema } from './protocol/v1.ts';

export const ACTION_KINDS = ['restart', 'resync', 'logs', 'diag', 'config-apply', 'config-rollback'] as const;
/** The kinds a person starts from the actions menu; config changes go through a rollout or the site's config panel. */
export const MENU_ACTION_KINDS = ['restart', 'resync', 'logs', 'diag'] as const;
const Sha256 = z.string().regex(/^sha256:[0-9a-f]{64}$/, 'a config hash is sha256:<64 hex>');
export const ActionKindSchema = z.enum(ACTION_KINDS);
export type ActionKind = z.infer<typeof ActionKindSchema>;

/** What an action is asked to do; each kind's parameters, checked. */
export const ActionParamsSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('restart') }).strict(),
  z.object({ kind: z.literal('resync'), dataset: z.union([DatasetSchema, z.literal('all')]) }).strict(),
  z.object({ kind: z.literal('logs'), tail: z.number().int().min(1).max(1000).default(200) }).strict(),
  z.object({ kind: z.literal('diag') }).strict(),
  /** Compare-and-swap: applied only if the live config is still `expectHash`. */
  z.object({ kind: z.literal('config-apply'), expectHash: Sha256, toHash: Sha256, config: AgentConfigSchema }).strict(),
  z.object({ kind: z.literal('config-rollback') }).strict(),
]);
export type ActionParams = z.output<typeof ActionParamsSchema>;
export type ActionParamsInput = z.input<typeof ActionParamsSchema>;

/**
 * queued: accepted, waiting for a slot in its run. waiting: the site is off or the person
 * chose "when it is back"; it runs on the first good poll. running: sent (journalled
 * before the command goes). unknown: the console stopped while it was running: it is
 * never sent again by itself.
 */
export const ACTION_STATES = ['queued', 'waiting', 'running', 'succeeded', 'failed', 'unreachable', 'timed-out', 'cancelled', 'expired', 'unknown'] as const;
export const ActionStateSchema = z.enum(ACTION_STATES);
export type ActionState = z.infer<typeof ActionStateSchema>;
export const FINAL_STATES: ReadonlySet<ActionState> = new Set(['succeeded', 'failed', 'unreachable', 'timed-out', 'cancelled', 'expired', 'unknown']);
export const isFinal = (s: ActionState): boolean => FINAL_STATES.has(s);

export const ACTION_STATE_LABELS: Record<ActionState, string> = {
  queued: 'Queued',
  waiting: 'Waiting for the site',
  running: 'Running',
  succeeded: 'Succeeded',
  failed: 'Failed',
  unreachable: 'Unreachable',
  'timed-out': 'Timed out',
  cancelled: 'Cancelled',
  expired: 'Expired',
  unknown: 'Unknown',
};

/** Whether the action fixed what it was for, judged from the polls after it. */
export const VERIFICATION_STATES = ['pending', 'cleared', 'not-cleared', 'not-applicable'] as const;
export const VerificationSchema = z.enum(VERIFICATION_STATES);
export type Verification = z.infer<typeof VerificationSchema>;

export const RUN_STATES = ['running', 'finished', 'cancelled'] as const;
export const RunStateSchema = z.enum(RUN_STATES);

/** How a bulk run is paced. */
export const RunPacingSchema = z
  .object({
    /** Sites acted on at once. */
    concurrency: z.number().int().min(1).max(256).default(16),
    /** Sites per wave, or none for one wave; a pause between waves. */
    waveSize: z.number().int().min(1).max(10_000).nullable().default(null),
    wavePauseS: z.number().int().min(0).max(3600).default(0),
  })
  .strict();
export type RunPacing = z.output<typeof RunPacingSchema>;

export const ActionSchema = z.object({
  id: z.number().int(),
  runId: z.number().int(),
  siteId: z.number().int(),
  siteName: z.string(),
  kind: ActionKindSchema,
  params: ActionParamsSchema,
  state: ActionStateSchema,
  actor: z.string(),
  createdAt: z.number().int(),
  startedAt: z.number().int().nullable(),
  finishedAt: z.number().int().nullable(),
  /** When a waiting action gives up. */
  expiresAt: z.number().int().nullable(),
  /** The agent's error code, or the transport failure's kind. */
  errorCode: z.string().nullable(),
  message: z.string().nullable(),
  /** The agent's answer (capped), and the sha256 of all of it. */
  output: z.string().nullable(),
  outputSha256: z.string().nullable(),
  outputTruncated: z.boolean(),
  verification: VerificationSchema,
  verdictBefore: z.string().nullable(),
  verdictAfter: z.string().nullable(),
});
export type Action = z.infer<typeof ActionSchema>;

export const RunSchema = z.object({
  id: z.number().int(),
  kind: ActionKindSchema,
  params: ActionParamsSchema,
  actor: z.string(),
  createdAt: z.number().int(),
  finishedAt: z.number().int().nullable(),
  state: RunStateSchema,
  pacing: RunPacingSchema,
  /** Sites asked for but left out, with why. */
  skipped: z.array(z.object({ siteId: z.number().int(), siteName: z.string(), why: z.string() })),
  counts: z.partialRecord(ActionStateSchema, z.number().int()),
  total: z.number().int(),
});
export type Run = z.infer<typeof RunSchema>;

/** What a run would do, shown before it is confirmed. */
export const ActionPreviewSchema = z.object({
  kind: ActionKindSchema,
  verb: z.string(),
  description: z.string(),
  expectedEffect: z.string(),
  sites: z.array(z.object({ siteId: z.number().int(), siteName: z.string(), waits: z.boolean() })),
  skipped: z.array(z.object({ siteId: z.number().int(), siteName: z.string(), why: z.string() })),
  /** The count a person must type to confirm a large run; null when a click will do. */
  confirmCount: z.number().int().nullable(),
});
export type ActionPreview = z.infer<typeof ActionPreviewSchema>;

/** More than this many sites, or the whole fleet, needs the count typed to confirm. */
export const CONFIRM_ABOVE = 25;

export function needsTypedConfirm(siteCount: number, wholeFleet: boolean): boolean {
  return wholeFleet || siteCount > CONFIRM_ABOVE;
}

/** The outcome groups of a run's view, in the order shown. */
export const OUTCOME_GROUPS: readonly ActionState[] = ['succeeded', 'failed', 'unreachable', 'timed-out', 'waiting', 'expired', 'cancelled', 'unknown', 'running', 'queued'];

const SiteIds = z.union([z.array(z.number().int().positive()).min(1).max(10_000), z.literal('all')]);

export const ActionRequestSchema = z
  .object({
    params: ActionParamsSchema,
    siteIds: SiteIds,
    /** Queue it for when each site is next seen, even one that is up now. */
    whenBack: z.boolean().default(false),
    pacing: RunPacingSchema.partial().default({}),
    confirmCount: z.number().int().min(0).optional(),
  })
  .strict();
export type ActionRequest = z.output<typeof ActionRequestSchema>;

export const JournalFilterSchema = z
  .object({
    siteId: z.number().int().positive().optional(),
    kind: ActionKindSchema.optional(),
    state: ActionStateSchema.optional(),
    actor: z.string().max(200).optional(),
    from: z.number().int().optional(),
    to: z.number().int().optional(),
    beforeId: z.number().int().positive().optional(),
    limit: z.number().int().min(1).max(1000).default(100),
  })
  .strict();

export const EffectivenessSchema = z.object({ reasonCode: z.string(), kind: ActionKindSchema, cleared: z.number().int(), judged: z.number().int() });
export type EffectivenessRow = z.infer<typeof EffectivenessSchema>;
