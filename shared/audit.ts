// The audit trail as the renderer and exports see it: entries, filters, and what a
// verification of the hash chain found.
import { z } from 'zod';
import { ACTION_KINDS } from './actions.ts';

export const AuditEntrySchema = z.object({
  id: z.number().int(),
  at: z.number().int(),
  actor: z.string(),
  action: z.string(),
  siteId: z.number().int().nullable(),
  target: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
  outcome: z.string(),
  prevHash: z.string().nullable(),
  hash: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

export const AuditFilterSchema = z
  .object({
    actor: z.string().max(200).optional(),
    siteId: z.number().int().positive().optional(),
    action: z.string().max(100).optional(),
    from: z.number().int().optional(),
    to: z.number().int().optional(),
    beforeId: z.number().int().positive().optional(),
    limit: z.number().int().min(1).max(1000).default(200),
  })
  .strict();
export type AuditFilter = z.output<typeof AuditFilterSchema>;

/** What verifying the chain found: all good, or the first entry that does not hold. */
export const AuditVerificationSchema = z.object({
  ok: z.boolean(),
  count: z.number().int(),
  headHash: z.string().nullable(),
  firstBad: z.object({ id: z.number().int(), position: z.number().int(), problem: z.string() }).nullable(),
  /** When a checkpoint was given: whether the log still holds it. */
  checkpoint: z.object({ count: z.number().int(), hash: z.string(), holds: z.boolean() }).nullable(),
});
export type AuditVerification = z.infer<typeof AuditVerificationSchema>;

/** A checkpoint written at the end of an export: keep it elsewhere to prove later that nothing before it changed. */
export const CheckpointSchema = z.object({ count: z.number().int().min(1), hash: z.string().regex(/^[0-9a-f]{64}$/) });
export type Checkpoint = z.infer<typeof CheckpointSchema>;

export const AUDIT_EXPORT_FORMATS = ['csv', 'jsonl'] as const;

/** Actions the core records, for pickers; the filter still takes any text (older or newer names). */
export const AUDIT_ACTION_NAMES: readonly string[] = [
  'site.create',
  'site.update',
  'site.remove',
  'site.restore',
  'settings.update',
  'alerts.mute',
  'alerts.unmute',
  'maintenance.add',
  'hostkey.approve',
  'hostkey.reject',
  'hostkey.revoked',
  'credentials.save',
  'incident.acknowledge',
  'incident.assign',
  'incident.note',
  ...ACTION_KINDS.flatMap((k) => [`run.${k}`, `action.${k}`, `action.${k}.cancel`]),
  'run.cancel',
  'config.template.save',
  'config.override.save',
  'config.override.delete',
  'config.assign',
  'config.accept-local',
  'rollout.plan',
  'rollout.start',
  'rollout.site.apply',
  'rollout.site.verify',
  'rollout.site.rollback',
  'rollout.wave',
  'rollout.pause',
  'rollout.resume',
  'rollout.approve',
  'rollout.abort',
  'rollout.finish',
  // Key rotation
  ...['start', 'add-key', 'prove', 'switch', 'remove-key', 'site', 'finish'].map((s) => `key-rotation.${s}`),
];
