// Incidents as the UI sees them: a site's spell in a down verdict, fleet incidents that
// group a correlated outage, the people handling them, and time-to-recover reports.
import { z } from 'zod';
import { ReasonSchema, VerdictSchema } from './health/verdict.ts';
import { refuseUnsafeLines, refuseUnsafeText } from './safe-text.ts';

export const IncidentStateSchema = z.enum(['open', 'resolved']);
export type IncidentState = z.infer<typeof IncidentStateSchema>;

/**
 * What happened to an incident's alert. Individual alerts wait a short hold so a burst can be
 * grouped first: 'pending' until then, 'grouped' when it joined a fleet incident before firing,
 * 'skipped' when the site recovered before the hold ended.
 */
export const NotificationStateSchema = z.enum(['pending', 'sent', 'grouped', 'skipped']);
export type NotificationState = z.infer<typeof NotificationStateSchema>;

const Iso = z.string();
const Person = (what: string) => z.string().trim().min(1, `${what} is required`).max(100, `${what} is at most 100 characters`).superRefine(refuseUnsafeText);

const IncidentBaseSchema = z.object({
  id: z.number().int().positive(),
  state: IncidentStateSchema,
  /** The verdict that opened it; `verdict` is the latest while it stayed down. */
  firstVerdict: VerdictSchema,
  verdict: VerdictSchema,
  /** The primary reason when it opened (first 'bad' reason, or the transport verdict): the correlation key. */
  reasonCode: z.string(),
  reasons: z.array(ReasonSchema),
  title: z.string(),
  openedAt: Iso,
  updatedAt: Iso,
  resolvedAt: Iso.nullable(),
  /** Time to recover: resolvedAt − openedAt. */
  ttrMs: z.number().int().nonnegative().nullable(),
  notification: NotificationStateSchema,
  acknowledgedAt: Iso.nullable(),
  acknowledgedBy: z.string().nullable(),
  assignee: z.string().nullable(),
  noteCount: z.number().int().nonnegative(),
});

/** One site's incident. */
export const IncidentSchema = IncidentBaseSchema.extend({
  kind: z.literal('site'),
  siteId: z.number().int().positive(),
  siteName: z.string(),
  siteUrn: z.number().int(),
  /** The fleet incident it was grouped into, if any. */
  parentId: z.number().int().positive().nullable(),
});
export type Incident = z.infer<typeof IncidentSchema>;

/** Many sites down for the same reason at once, e.g. the LA endpoint. */
export const FleetIncidentSchema = IncidentBaseSchema.extend({
  kind: z.literal('fleet'),
  siteCount: z.number().int().nonnegative(),
  openSiteCount: z.number().int().nonnegative(),
  /** The polled fleet's size when the outage was detected. */
  fleetSize: z.number().int().nonnegative(),
});
export type FleetIncident = z.infer<typeof FleetIncidentSchema>;

export const AnyIncidentSchema = z.discriminatedUnion('kind', [IncidentSchema, FleetIncidentSchema]);
export type AnyIncident = z.infer<typeof AnyIncidentSchema>;

export const NOTE_MAX = 4000;

export const IncidentNoteSchema = z.object({
  id: z.number().int().positive(),
  incidentId: z.number().int().positive(),
  author: z.string(),
  text: z.string(),
  at: Iso,
});
export type IncidentNote = z.infer<typeof IncidentNoteSchema>;

export const NoteInputSchema = z.object({
  author: Person('Author'),
  text: z.string().trim().min(1, 'A note needs some text').max(NOTE_MAX, `A note is at most ${NOTE_MAX} characters`).superRefine(refuseUnsafeLines),
});
export type NoteInput = z.input<typeof NoteInputSchema>;

export const AcknowledgeInputSchema = z.object({ by: Person('Who acknowledges') });
/** `null` unassigns. */
export const AssignInputSchema = z.object({ assignee: Person('Assignee').nullable() });

/** What should reach a person now. A fleet notification names the sites that had already alerted alone. */
export const IncidentNotificationSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('site'), incident: IncidentSchema }),
  z.object({ kind: z.literal('fleet'), incident: FleetIncidentSchema, alreadyNotified: z.array(IncidentSchema) }),
]);
export type IncidentNotification = z.infer<typeof IncidentNotificationSchema>;

/** Site incidents by state; acknowledged ones are open ones someone has taken. */
export const IncidentCountsSchema = z.object({
  open: z.number().int().nonnegative(),
  acknowledged: z.number().int().nonnegative(),
  resolved: z.number().int().nonnegative(),
  fleetOpen: z.number().int().nonnegative(),
});
export type IncidentCounts = z.infer<typeof IncidentCountsSchema>;

export const TTR_GROUPINGS = ['area', 'phase', 'type', 'typeGroup', 'trust'] as const;
export const TtrGroupingSchema = z.enum(TTR_GROUPINGS);
export type TtrGrouping = z.infer<typeof TtrGroupingSchema>;

export const TtrStatsSchema = z.object({
  count: z.number().int().nonnegative(),
  meanMs: z.number().nonnegative().nullable(),
  medianMs: z.number().nonnegative().nullable(),
  maxMs: z.number().nonnegative().nullable(),
});
export type TtrStats = z.infer<typeof TtrStatsSchema>;

/** Time to recover of site incidents resolved in [from, to), for the manager's report. */
export const TtrReportSchema = z.object({
  from: Iso,
  to: Iso,
  groupBy: TtrGroupingSchema,
  overall: TtrStatsSchema,
  groups: z.array(TtrStatsSchema.extend({ group: z.string().nullable() })),
  sites: z.array(TtrStatsSchema.extend({ siteId: z.number().int(), siteName: z.string(), siteUrn: z.number().int(), group: z.string().nullable() })),
});
export type TtrReport = z.infer<typeof TtrReportSchema>;
