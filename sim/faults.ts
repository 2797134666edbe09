// The faults a simulated school can have, what the console should conclude from each,
// and how a seed spreads them over the fleet.
import { z } from 'zod';
import { DatasetSchema } from '../shared/protocol/v1.ts';
import { hash53 } from './prng.ts';

/** Faults in the school's B2B service: SSH works, the agent answers, the data does not flow. */
export const BEHAVIOUR_FAULTS = [
  'service-stopped',
  'crash-loop',
  'hung-transfer',
  'mis-unreachable',
  'mis-upgraded',
  'credentials-expired',
  'certificate-expired',
  'wrong-endpoint',
  'disk-full',
  'clock-skew',
  'agent-outdated',
  'not-installed',
  'slow-transfers',
  'service-wont-start',
  'agent-busy',
  'resync-partial',
  'agent-protocol-1.0',
] as const;

/** Faults between the console and the agent: the host, SSH or the answer itself. */
export const TRANSPORT_FAULTS = [
  'black-hole',
  'host-off',
  'slow-banner',
  'reset-mid-command',
  'garbage-output',
  'oversized-output',
  'unknown-protocol',
  'auth-refused',
  'host-key-changed',
  'hung-agent',
  'wrong-shape-answer',
] as const;

export const FAULT_NAMES = [...BEHAVIOUR_FAULTS, ...TRANSPORT_FAULTS] as const;
export const FaultNameSchema = z.enum(FAULT_NAMES);
export type FaultName = z.infer<typeof FaultNameSchema>;

export const VERDICT_CATEGORIES = ['healthy', 'failing', 'lagging', 'unreachable', 'auth', 'hostkey', 'protocol'] as const;
export type VerdictCategory = (typeof VERDICT_CATEGORIES)[number];

/**
 * What the console should conclude about a site with this fault. A slow banner is
 * still a working site (the console must be patient, not give up), so it has none.
 */
export const FAULT_CATEGORY: Record<FaultName, VerdictCategory | null> = {
  'service-stopped': 'failing',
  'crash-loop': 'failing',
  'hung-transfer': 'failing',
  'mis-unreachable': 'failing',
  'mis-upgraded': 'failing',
  'credentials-expired': 'failing',
  'certificate-expired': 'failing',
  'wrong-endpoint': 'failing',
  'disk-full': 'failing',
  'clock-skew': 'failing',
  'agent-outdated': 'failing',
  'not-installed': 'failing',
  'slow-transfers': 'lagging',
  // Stopped, and a restart does not bring it up.
  'service-wont-start': 'failing',
  // Reads work and data flows; only actions are refused.
  'agent-busy': 'healthy',
  // Scheduled transfers flow; only a full resync of one dataset fails part way.
  'resync-partial': 'healthy',
  // Data flows and every verb answers (protocol "1.0"); only a config naming `enabled` is refused.
  'agent-protocol-1.0': 'healthy',
  'black-hole': 'unreachable',
  'host-off': 'unreachable',
  'slow-banner': null,
  'reset-mid-command': 'unreachable',
  'garbage-output': 'protocol',
  'oversized-output': 'protocol',
  'unknown-protocol': 'protocol',
  'auth-refused': 'auth',
  'host-key-changed': 'hostkey',
  'hung-agent': 'protocol',
  'wrong-shape-answer': 'protocol',
};

/** When several faults stack, the console sees the outermost one first. */
const CATEGORY_ORDER: readonly VerdictCategory[] = ['unreachable', 'hostkey', 'auth', 'protocol', 'failing', 'lagging'];

export function categoryOf(faults: Iterable<FaultName>): VerdictCategory {
  const present = new Set<VerdictCategory>();
  for (const f of faults) {
    const c = FAULT_CATEGORY[f];
    if (c) present.add(c);
  }
  return CATEGORY_ORDER.find((c) => present.has(c)) ?? 'healthy';
}

/** Relative frequency of each fault among faulty sites, roughly as support teams meet them. */
export const DEFAULT_FAULT_WEIGHTS: Record<FaultName, number> = {
  'service-stopped': 14,
  'crash-loop': 7,
  'hung-transfer': 7,
  'mis-unreachable': 9,
  'mis-upgraded': 3,
  'credentials-expired': 8,
  'certificate-expired': 4,
  'wrong-endpoint': 7,
  'disk-full': 7,
  'clock-skew': 4,
  'agent-outdated': 5,
  'not-installed': 2,
  'slow-transfers': 4,
  // On demand only (weight 0), so every existing seed keeps the fleet it had.
  'service-wont-start': 0,
  'agent-busy': 0,
  'resync-partial': 0,
  'agent-protocol-1.0': 0,
  'black-hole': 3,
  'host-off': 6,
  'slow-banner': 2,
  'reset-mid-command': 1,
  'garbage-output': 2,
  'oversized-output': 1,
  'unknown-protocol': 1,
  'auth-refused': 3,
  'host-key-changed': 3,
  // Injected only (weight 0), so a seed plans the same fleet it planned before these existed.
  'hung-agent': 0,
  'wrong-shape-answer': 0,
};

export const FaultParamsSchema = z
  .object({
    /** hung-transfer: which dataset hangs; resync-partial: which dataset's full transfer fails. */
    dataset: DatasetSchema.optional(),
    /** clock-skew: host clock minus true time, minutes (may be negative). */
    skewMinutes: z.number().int().min(-525_600).max(525_600).refine((n) => n !== 0, 'skewMinutes cannot be 0').optional(),
    /** slow-banner: real milliseconds before the SSH banner. */
    delayMs: z.number().int().min(0).max(600_000).optional(),
    /** wrong-endpoint: the stale URL the agent is left pointing at. */
    endpointUrl: z.url({ protocol: /^https$/ }).optional(),
    /** agent-busy: refuse this many actions, then the other operation finishes. Default: busy until cleared. */
    refusals: z.number().int().min(1).max(1000).optional(),
  })
  .strict();
export type FaultParams = z.infer<typeof FaultParamsSchema>;

export const FaultInputSchema = z
  .object({
    name: FaultNameSchema,
    /** When the fault began (sim time, ISO). Default: now. */
    since: z.iso.datetime({ offset: true }).optional(),
    /** When the fault ends by itself (sim time, ISO), e.g. a host back on at T. Default: when cleared. */
    until: z.iso.datetime({ offset: true }).optional(),
    /** Or: how many sim-minutes after `since` it ends. */
    forMinutes: z.number().int().min(1).max(525_600).optional(),
    params: FaultParamsSchema.optional(),
  })
  .strict()
  .refine((f) => f.until === undefined || f.forMinutes === undefined, 'give until or forMinutes, not both');
export type FaultInput = z.infer<typeof FaultInputSchema>;

/** A fault input that cannot be placed on the timeline (it would end before it began). */
export class FaultInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FaultInputError';
  }
}

/** When a fault begins and ends on the sim timeline; `now` stands in for a missing `since`. */
export function faultSpan(input: FaultInput, now: number): { since: number; until: number | null } {
  const since = input.since === undefined ? now : Date.parse(input.since);
  const until = input.until !== undefined ? Date.parse(input.until) : input.forMinutes !== undefined ? since + input.forMinutes * 60_000 : null;
  if (until !== null && until <= since) throw new FaultInputError(`until (${new Date(until).toISOString()}) must be after since (${new Date(since).toISOString()})`);
  return { since, until };
}

/** A fault on a site's timeline; ended faults stay so past transfers keep their outcome. */
export interface FaultInterval {
  name: FaultName;
  since: number;
  until: number | null;
  params: FaultParams;
}

export interface FaultPlanOptions {
  seed: string | number;
  /** Share of sites given a fault, 0..1. */
  rate: number;
  weights?: Partial<Record<FaultName, number>>;
  /** Sim time the fleet starts: initial faults begin 6 hours to 14 days before it. */
  start: number;
}

/**
 * Which sites start with which fault. Exactly round(rate × N) sites are picked, by a
 * per-site hash rather than a shared sequence, so a site keeps its fault when the fleet
 * is grown or shrunk with the same seed (as long as the count picked stays the same).
 */
export function planFaults(urns: readonly number[], options: FaultPlanOptions): Map<number, FaultInput> {
  if (!(options.rate >= 0 && options.rate <= 1)) throw new RangeError('fault rate must be between 0 and 1');
  const weights = { ...DEFAULT_FAULT_WEIGHTS, ...options.weights };
  const entries = FAULT_NAMES.map((n) => [n, Math.max(0, weights[n] ?? 0)] as const).filter(([, w]) => w > 0);
  const plan = new Map<number, FaultInput>();
  if (entries.length === 0) return plan;
  const count = Math.round(urns.length * options.rate);
  const order = [...urns].sort((a, b) => hash53(`${options.seed}:order:${a}`) - hash53(`${options.seed}:order:${b}`) || a - b);
  const total = entries.reduce((s, [, w]) => s + w, 0);
  for (const urn of order.slice(0, count)) {
    let r = (hash53(`${options.seed}:fault:${urn}`) / 2 ** 53) * total;
    const name = entries.find(([, w]) => (r -= w) < 0)?.[0] ?? entries[0]?.[0] ?? 'service-stopped';
    const ageMs = 6 * 3_600_000 + (hash53(`${options.seed}:age:${urn}`) % (13.75 * 86_400_000));
    plan.set(urn, { name, since: new Date(options.start - ageMs).toISOString() });
  }
  return plan;
}
