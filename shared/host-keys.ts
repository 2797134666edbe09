// Host keys that wait for a person (first seen, or changed from the pinned one), the bulk
// decision on them, and what a school's known_hosts file says about each.
import { z } from 'zod';

export const FingerprintSchema = z.string().regex(/^SHA256:[A-Za-z0-9+/]{43}$/, 'A fingerprint looks like SHA256: and 43 characters');

export const WaitingKindSchema = z.enum(['first-seen', 'changed']);
export type WaitingKind = z.infer<typeof WaitingKindSchema>;

export const WaitingKeySchema = z.object({
  siteId: z.number().int(),
  name: z.string(),
  urn: z.number().int(),
  area: z.string().nullable(),
  host: z.string(),
  port: z.number().int(),
  kind: WaitingKindSchema,
  /** The key the console trusts now (changed only). */
  pinned: z.string().nullable(),
  /** The key the host presents. */
  presented: z.string(),
  /** When this key was first seen. */
  since: z.number().nullable(),
});
export type WaitingKey = z.infer<typeof WaitingKeySchema>;

export const KeyDecisionSchema = z.enum(['approve', 'reject']);
export type KeyDecision = z.infer<typeof KeyDecisionSchema>;

/** The fingerprint is the one the person saw: a host that now presents another is refused. */
export const KeyItemSchema = z.object({ siteId: z.number().int().positive(), fingerprint: FingerprintSchema }).strict();
export type KeyItem = z.infer<typeof KeyItemSchema>;

export const KeyOutcomeKindSchema = z.enum(['approved', 'rejected', 'refused', 'not-waiting', 'revoked']);
export type KeyOutcomeKind = z.infer<typeof KeyOutcomeKindSchema>;

export const KeyOutcomeSchema = z.object({ siteId: z.number().int(), outcome: KeyOutcomeKindSchema, message: z.string() });
export type KeyOutcome = z.infer<typeof KeyOutcomeSchema>;

export const KnownHostsVerdictSchema = z.enum(['matches', 'differs', 'not-listed', 'revoked']);
export type KnownHostsVerdictView = z.infer<typeof KnownHostsVerdictSchema>;

export const KnownHostsCheckSchema = z.object({
  file: z.string(),
  entries: z.number().int(),
  problems: z.array(z.object({ line: z.number().int(), message: z.string() })),
  /** One per waiting site, for the key it presents. */
  checks: z.array(z.object({ siteId: z.number().int(), fingerprint: z.string(), verdict: KnownHostsVerdictSchema })),
});
export type KnownHostsCheck = z.infer<typeof KnownHostsCheckSchema>;
