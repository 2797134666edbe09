// Key rotation across the fleet (issue 12, item 6): put a new console key on every selected
// school's agent, prove it logs in, switch the site to it, then take the old key off.
import { z } from 'zod';

export const ROTATION_SITE_STATES = [
  'pending', // not started (or waiting for its turn)
  'adding', // auth add-key sent for the new key
  'proving', // a fresh login with the new key is being tried
  'removing', // switched to the new key; auth remove-key sent for the old one
  'done',
  'failed', // this site keeps its old key and credential
  'too-old', // the agent speaks protocol 1.0: it has no auth verbs
  'offline', // could not be reached; tried again while the rotation runs
  'cannot', // left out at the start (another credential, host key not approved …)
] as const;
export const RotationSiteStateSchema = z.enum(ROTATION_SITE_STATES);
export type RotationSiteState = z.infer<typeof RotationSiteStateSchema>;

/** States a site's part never leaves. */
export const FINAL_ROTATION_STATES: ReadonlySet<RotationSiteState> = new Set(['done', 'failed', 'too-old', 'cannot']);

export const ROTATION_STATE_LABELS: Record<RotationSiteState, string> = {
  pending: 'Waiting',
  adding: 'Adding new key',
  proving: 'Proving new key',
  removing: 'Removing old key',
  done: 'Rotated',
  failed: 'Failed: kept old key',
  'too-old': 'Cannot rotate: agent too old',
  offline: 'Offline: waiting',
  cannot: 'Cannot rotate',
};

export const RotationPlanInputSchema = z
  .object({
    siteIds: z.array(z.number().int().positive()).min(1, 'select at least one site').max(10_000),
    oldCredentialId: z.number().int().positive(),
    newCredentialId: z.number().int().positive(),
  })
  .strict()
  .refine((p) => p.oldCredentialId !== p.newCredentialId, { message: 'choose two different keys', path: ['newCredentialId'] });
export type RotationPlanInput = z.infer<typeof RotationPlanInputSchema>;

const SiteRef = z.object({ siteId: z.number().int(), name: z.string() });
export const RotationPreviewSchema = z.object({
  oldName: z.string(),
  newName: z.string(),
  oldFingerprint: z.string(),
  newFingerprint: z.string(),
  ready: z.array(SiteRef),
  /** Sites that cannot rotate, with the reason (shown before anything is sent). */
  cannot: z.array(SiteRef.extend({ reason: z.string(), tooOld: z.boolean() })),
});
export type RotationPreview = z.infer<typeof RotationPreviewSchema>;

export const RotationSchema = z.object({
  id: z.number().int(),
  oldName: z.string(),
  newName: z.string(),
  state: z.enum(['running', 'completed']),
  actor: z.string(),
  createdAt: z.number(),
  finishedAt: z.number().nullable(),
  counts: z.record(RotationSiteStateSchema, z.number().int()),
});
export type Rotation = z.infer<typeof RotationSchema>;

export const RotationSiteSchema = z.object({
  siteId: z.number().int(),
  name: z.string(),
  state: RotationSiteStateSchema,
  message: z.string().nullable(),
  updatedAt: z.number(),
});
export type RotationSite = z.infer<typeof RotationSiteSchema>;

export const RotationDetailSchema = z.object({ rotation: RotationSchema, sites: z.array(RotationSiteSchema) });
export type RotationDetail = z.infer<typeof RotationDetailSchema>;

