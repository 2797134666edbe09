// The one IPC contract. Every channel between the renderer and the core is here,
// with a zod schema for its request and its response; every push event too.
// Main, preload, the WebSocket bridge, the core and the renderer client all use it.
import { z } from 'zod';
import { AUDIT_EXPORT_FORMATS, AuditEntrySchema, AuditFilterSchema, AuditVerificationSchema, CheckpointSchema } from './audit.ts';
import { ActionPreviewSchema, ActionRequestSchema, ActionSchema, EffectivenessSchema, JournalFilterSchema, RunSchema } from './actions.ts';
import { ConfigFieldsSchema, ConfigStateSchema, NoteSchema, OverrideSchema, OverrideScopeSchema, SiteConfigStateSchema, TemplateNameSchema, TemplateSchema } from './fleet-config.ts';
import { ConversionConfirmedSchema, ConversionConfirmSchema, ConversionFilesSchema, ConversionPreviewSchema, SiteLineageSchema } from './conversions.ts';
import { RotationDetailSchema, RotationPlanInputSchema, RotationPreviewSchema, RotationSchema } from './key-rotation.ts';
import { RolloutDetailSchema, RolloutPlanInputSchema, RolloutPreviewSchema, RolloutSchema, SiteDiffSchema } from './rollouts.ts';
import { FleetSnapshotSchema, SiteDetailSchema, SiteStatusSchema, SiteTimelineSchema } from './fleet.ts';
import { AnyIncidentSchema, AssignInputSchema, IncidentNoteSchema, IncidentNotificationSchema, NoteInputSchema, TtrGroupingSchema, TtrReportSchema } from './incidents.ts';
import { GroupColumnSchema, RangeSchema, SeriesPointSchema, UptimeReportSchema } from './reports.ts';
import { AgentConfigSchema, LogLineSchema } from './protocol/v1.ts';
import { SettingsSchema } from './settings.ts';
import { TermImportPreviewSchema } from './term-import.ts';
import { KeyDecisionSchema, KeyItemSchema, KeyOutcomeSchema, KnownHostsCheckSchema, WaitingKeySchema } from './host-keys.ts';
import { GiasApplyResultSchema, GiasPreviewSchema, PlaceResultSchema } from './register.ts';
import { refuseUnsafeText } from './safe-text.ts';
import { SiteInputSchema, SiteSchema } from './site.ts';
import { BulkEditSchema, BulkPreviewSchema, InventoryAppliedSchema, InventoryPreviewSchema, SeenVersionsSchema } from './inventory.ts';

const Empty = z.object({}).strict();
const SiteId = z.object({ id: z.number().int().positive() }).strict();
const Fingerprint = z.string().regex(/^SHA256:[A-Za-z0-9+/]{43}$/, 'A fingerprint looks like SHA256: and 43 characters');
const MAX_PEM = 16 * 1024;
/** Bytes per files.chunk: base64 makes it 4/3 bigger, well inside the WebSocket's 1 MiB cap. */
export const UPLOAD_CHUNK_BYTES = 512 * 1024;
const RolloutId = z.object({ id: z.number().int().positive() }).strict();
const ConfigHashed = z.object({ hash: z.string(), config: AgentConfigSchema });

export const SiteConfigViewSchema = z.object({
  siteId: z.number().int(),
  state: ConfigStateSchema,
  template: z.string().nullable(),
  templateVersion: z.number().int().nullable(),
  live: ConfigHashed.extend({ readAt: z.number().int() }).nullable(),
  /** The config the site should have, with the layer that set each field. */
  desired: z.union([ConfigHashed.extend({ ok: z.literal(true), sources: z.record(z.string(), z.string()) }), z.object({ ok: z.literal(false), message: z.string(), fields: z.record(z.string(), z.string()) })]).nullable(),
  changes: z.array(z.object({ path: z.string(), from: z.unknown(), to: z.unknown() })),
  /** The hash the console last applied or accepted. */
  knownHash: z.string().nullable(),
});
export type SiteConfigView = z.infer<typeof SiteConfigViewSchema>;

export const CredentialInfoSchema = z.object({ id: z.number().int(), name: z.string(), publicKey: z.string().nullable(), protectedBy: z.string(), createdAt: z.string() });
export type CredentialInfoView = z.infer<typeof CredentialInfoSchema>;

export const AppInfoSchema = z.object({
  version: z.string(),
  mode: z.enum(['desktop', 'browser']),
  dataDir: z.string(),
  demo: z.boolean(),
  /** Who is asking: the desktop's OS user, or the person named at the browser session's start. */
  operator: z.string(),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

export const channels = {
  'app.info': { request: Empty, response: AppInfoSchema },
  'sites.list': { request: Empty, response: z.array(SiteSchema) },
  'sites.get': { request: SiteId, response: SiteSchema },
  'sites.create': { request: z.object({ site: SiteInputSchema }).strict(), response: SiteSchema },
  'sites.update': { request: z.object({ id: z.number().int().positive(), site: SiteInputSchema }).strict(), response: SiteSchema },
  /** Archives the site: out of the fleet, its history and incidents kept; open incidents are closed with a note. */
  'sites.remove': { request: SiteId, response: z.object({ removed: z.literal(true) }) },
  /** Removed (archived) sites, newest removal first. */
  'sites.archived': { request: Empty, response: z.array(SiteSchema) },
  'sites.restore': { request: SiteId, response: SiteSchema },
  'fleet.snapshot': { request: Empty, response: FleetSnapshotSchema },
  'site.detail': { request: SiteId, response: SiteDetailSchema },
  'site.timeline': {
    request: z.object({ id: z.number().int().positive(), days: z.union([z.literal(7), z.literal(30), z.literal(90)]) }).strict(),
    response: SiteTimelineSchema,
  },
  'site.logs': {
    request: z.object({ id: z.number().int().positive(), tail: z.number().int().min(1).max(1000).default(200) }).strict(),
    response: z.object({ lines: z.array(LogLineSchema), truncated: z.boolean() }),
  },
  /** Polls now and answers once the results are stored: with each site's new status when at most 100 were named. */
  'poll.now': {
    request: z.object({ ids: z.array(z.number().int().positive()).max(10_000).optional() }).strict(),
    response: z.object({ polled: z.number().int(), statuses: z.array(SiteStatusSchema) }),
  },
  'poll.pause': { request: Empty, response: z.object({ paused: z.boolean() }) },
  'poll.resume': { request: Empty, response: z.object({ paused: z.boolean() }) },
  'hostkey.approve': { request: z.object({ id: z.number().int().positive(), fingerprint: Fingerprint }).strict(), response: SiteStatusSchema },
  'credentials.list': { request: Empty, response: z.array(CredentialInfoSchema) },
  'credentials.save': {
    request: z
      .object({
        name: z.string().trim().min(1, 'Name is required').max(60).regex(/^[\w.-]+$/, 'Letters, digits, dot, dash and underscore only'),
        privateKey: z.string().min(1, 'Paste the private key').max(MAX_PEM, 'That is too long to be a private key'),
        passphrase: z.string().max(1024).optional(),
      })
      .strict(),
    response: CredentialInfoSchema,
  },
  'incidents.list': {
    request: z.object({ state: z.enum(['open', 'all']).default('open'), siteId: z.number().int().positive().optional(), limit: z.number().int().min(1).max(1000).default(200) }).strict(),
    response: z.array(AnyIncidentSchema),
  },
  /** Acknowledged by the caller (the request context's operator). */
  'incidents.acknowledge': { request: z.object({ id: z.number().int().positive() }).strict(), response: AnyIncidentSchema },
  'incidents.assign': { request: AssignInputSchema.extend({ id: z.number().int().positive() }).strict(), response: AnyIncidentSchema },
  /** Written by the caller (the request context's operator). */
  'incidents.addNote': { request: NoteInputSchema.pick({ text: true }).extend({ id: z.number().int().positive() }).strict(), response: IncidentNoteSchema },
  'incidents.notes': { request: z.object({ id: z.number().int().positive() }).strict(), response: z.array(IncidentNoteSchema) },
  'incidents.ttr': { request: z.object({ from: z.number().int(), to: z.number().int(), groupBy: TtrGroupingSchema.default('area') }).strict(), response: TtrReportSchema },
  'uptime.report': { request: z.object({ range: RangeSchema, groupBy: GroupColumnSchema.optional(), siteIds: z.array(z.number().int().positive()).max(10_000).optional() }).strict(), response: UptimeReportSchema },
  'uptime.series': {
    request: z.object({ range: RangeSchema, siteId: z.number().int().positive().nullable(), bucket: z.enum(['hour', 'day']) }).strict(),
    response: z.array(SeriesPointSchema),
  },
  'settings.get': { request: Empty, response: SettingsSchema },
  'settings.update': { request: z.object({ patch: SettingsSchema.partial() }).strict(), response: SettingsSchema },
  /** Mutes alerts for one site, or for the whole console when siteId is omitted. Polling goes on. */
  'alerts.mute': { request: z.object({ siteId: z.number().int().positive().optional(), muted: z.boolean() }).strict(), response: z.object({ muted: z.boolean() }) },
  'maintenance.add': {
    request: z
      .object({ siteId: z.number().int().positive().nullable(), startsAt: z.number().int(), endsAt: z.number().int(), reason: z.string().trim().min(1, 'Say why').max(500).superRefine(refuseUnsafeText) })
      .strict()
      .refine((w) => w.endsAt > w.startsAt, { message: 'A window ends after it starts', path: ['endsAt'] }),
    response: z.object({ id: z.number().int() }),
  },
  /** What a remote action would do, and to which sites: shown before it is confirmed. */
  'actions.preview': { request: ActionRequestSchema, response: ActionPreviewSchema },
  /** Journals and starts a run (one site or many); progress comes as actions.changed. */
  'actions.start': { request: ActionRequestSchema, response: RunSchema },
  'actions.cancelRun': { request: z.object({ runId: z.number().int().positive() }).strict(), response: RunSchema },
  /** Cancels one queued or waiting action. */
  'actions.cancel': { request: z.object({ actionId: z.number().int().positive() }).strict(), response: ActionSchema },
  'actions.run': { request: z.object({ runId: z.number().int().positive() }).strict(), response: z.object({ run: RunSchema, actions: z.array(ActionSchema) }) },
  'actions.runs': { request: z.object({ limit: z.number().int().min(1).max(500).default(50) }).strict(), response: z.array(RunSchema) },
  'actions.journal': { request: JournalFilterSchema, response: z.array(ActionSchema) },
  /** Actions waiting for their school to come back (one site's, or all). */
  'actions.queue': { request: z.object({ siteId: z.number().int().positive().optional() }).strict(), response: z.array(ActionSchema) },
  /** How often each action cleared each reason in this estate. */
  'actions.effectiveness': { request: Empty, response: z.array(EffectivenessSchema) },
  /** The audit trail, newest first, filtered by actor, site, action and time. */
  'audit.list': { request: AuditFilterSchema, response: z.array(AuditEntrySchema) },
  /** Walks the hash chain; names the first entry that does not hold. */
  'audit.verify': { request: z.object({ checkpoint: CheckpointSchema.optional() }).strict(), response: AuditVerificationSchema },
  'audit.export': {
    request: z.object({ format: z.enum(AUDIT_EXPORT_FORMATS), filter: AuditFilterSchema.omit({ limit: true, beforeId: true }).default({}) }).strict(),
    response: z.object({ text: z.string(), count: z.number().int(), checkpoint: CheckpointSchema.nullable(), filename: z.string() }),
  },
  // ---- fleet configuration ----
  /** The newest version of each template. */
  'config.templates': { request: Empty, response: z.array(TemplateSchema) },
  'config.templateVersions': { request: z.object({ name: z.string().min(1).max(80) }).strict(), response: z.array(TemplateSchema) },
  /** Saves a new version; `baseVersion` refuses the save if someone saved in between. */
  'config.saveTemplate': {
    request: z.object({ name: TemplateNameSchema, fields: ConfigFieldsSchema, note: NoteSchema, baseVersion: z.number().int().min(0) }).strict(),
    response: TemplateSchema,
  },
  'config.overrides': { request: Empty, response: z.array(OverrideSchema) },
  'config.saveOverride': {
    request: z.object({ scope: OverrideScopeSchema, key: z.string().trim().min(1).max(120), fields: ConfigFieldsSchema, note: NoteSchema }).strict(),
    response: OverrideSchema,
  },
  'config.deleteOverride': { request: z.object({ scope: OverrideScopeSchema, key: z.string().min(1).max(120), note: NoteSchema }).strict(), response: z.object({ deleted: z.boolean() }) },
  /** Which template sites follow (null: none, unmanaged). */
  'config.assign': {
    request: z.object({ siteIds: z.union([z.array(z.number().int().positive()).min(1).max(10_000), z.literal('all')]), template: z.string().min(1).max(80).nullable() }).strict(),
    response: z.object({ assigned: z.number().int() }),
  },
  /** Each site's drift state, for the fleet's column, filter, badge, map layer and header count. */
  'config.states': { request: Empty, response: z.array(SiteConfigStateSchema) },
  /** A site's live and desired config; with `draft`, as it would be under unsaved template fields. */
  'config.site': {
    request: z.object({ id: z.number().int().positive(), draft: z.object({ template: z.string().min(1).max(80), fields: ConfigFieldsSchema }).strict().optional() }).strict(),
    response: SiteConfigViewSchema,
  },
  /** Takes a site's locally changed config as known: it then shows as drift, and a rollout may include it. */
  'config.acceptLocal': { request: z.object({ siteIds: z.array(z.number().int().positive()).min(1).max(10_000) }).strict(), response: z.object({ accepted: z.number().int() }) },
  // ---- rollouts ----
  /** Plans a rollout and keeps it as a draft: the diff grouped by what changes, and the waves. */
  'rollouts.plan': { request: RolloutPlanInputSchema, response: RolloutPreviewSchema },
  'rollouts.discard': { request: RolloutId, response: z.object({ discarded: z.boolean() }) },
  'rollouts.start': { request: z.object({ id: z.number().int().positive(), confirmCount: z.number().int().min(0) }).strict(), response: RolloutSchema },
  'rollouts.list': { request: z.object({ limit: z.number().int().min(1).max(500).default(50) }).strict(), response: z.array(RolloutSchema) },
  'rollouts.get': { request: RolloutId, response: RolloutDetailSchema },
  /** Per-site diffs of a rollout, optionally only the group with this summary. */
  'rollouts.diffs': {
    request: z.object({ id: z.number().int().positive(), summary: z.string().max(200).optional(), offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(500).default(100) }).strict(),
    response: z.array(SiteDiffSchema),
  },
  'rollouts.pause': { request: RolloutId, response: RolloutSchema },
  /** Resumes a paused or halted rollout; a halted one takes the template's newest version for the sites not yet done. */
  'rollouts.resume': { request: RolloutId, response: RolloutSchema },
  'rollouts.abort': { request: z.object({ id: z.number().int().positive(), rollBack: z.boolean() }).strict(), response: RolloutSchema },
  /** Lets the next wave go: the person types the rollout's name to confirm. */
  'rollouts.approve': { request: z.object({ id: z.number().int().positive(), typed: z.string().max(200) }).strict(), response: RolloutSchema },
  'rollouts.report': { request: RolloutId, response: z.object({ text: z.string(), filename: z.string() }) },
  // ---- term dates (issue 12, item 5) ----
  /** What an uploaded .ics or CSV of term dates holds and would change (the academic years it covers are replaced). */
  'calendar.previewImport': { request: z.object({ uploadId: z.uuid() }).strict(), response: TermImportPreviewSchema },
  /** Saves the previewed term dates; `basis` is the preview's, so a calendar changed meanwhile is not overwritten. */
  'calendar.applyImport': { request: z.object({ uploadId: z.uuid(), basis: z.string().max(64) }).strict(), response: SettingsSchema },
  // Academy conversions (issue 12, item 2): uploaded GIAS extract (+ links file) → pairs → carry-over.
  'conversions.preview': { request: ConversionFilesSchema, response: ConversionPreviewSchema },
  'conversions.confirm': { request: ConversionConfirmSchema, response: ConversionConfirmedSchema },
  'site.lineage': { request: SiteId, response: SiteLineageSchema },
  // Host inventory: CSV export and import, bulk edit of a fleet selection (issue 12, item 3)
  'inventory.export': { request: Empty, response: z.object({ text: z.string(), filename: z.string() }) },
  /** Reads an uploaded inventory CSV against the register; the upload is kept for apply or discarded by the client. */
  'inventory.preview': { request: z.object({ uploadId: z.uuid() }).strict(), response: InventoryPreviewSchema },
  'inventory.apply': { request: z.object({ uploadId: z.uuid(), seen: SeenVersionsSchema }).strict(), response: InventoryAppliedSchema },
  'inventory.bulkPreview': { request: z.object({ edit: BulkEditSchema }).strict(), response: BulkPreviewSchema },
  'inventory.bulkApply': { request: z.object({ edit: BulkEditSchema, seen: SeenVersionsSchema }).strict(), response: InventoryAppliedSchema },
  // ---- host keys in bulk ----
  /** Sites whose host key waits for a person: first seen, or changed from the pinned one. */
  'hostkeys.waiting': { request: Empty, response: z.array(WaitingKeySchema) },
  /** Approves or rejects each site's key, as the person saw it; one transaction, an audit entry per site. */
  'hostkeys.decide': {
    request: z.object({ decision: KeyDecisionSchema, items: z.array(KeyItemSchema).min(1).max(10_000) }).strict(),
    response: z.object({ outcomes: z.array(KeyOutcomeSchema) }),
  },
  /** Checks the waiting keys against an uploaded OpenSSH known_hosts file (files.begin/chunk). */
  'hostkeys.checkKnownHosts': { request: z.object({ uploadId: z.uuid() }).strict(), response: KnownHostsCheckSchema },
  // Site register: GIAS import (preview, then apply exactly that preview) and placing a school by postcode.
  'register.previewGias': {
    request: z.object({ uploadId: z.uuid(), laCode: z.string().regex(/^\d{3}$/, 'An LA code is three digits').nullable(), includeClosed: z.boolean() }).strict(),
    response: GiasPreviewSchema,
  },
  'register.applyGias': { request: z.object({ previewId: z.uuid() }).strict(), response: GiasApplyResultSchema },
  'register.placeByPostcode': { request: SiteId, response: PlaceResultSchema },
  /** A file brought to the console, in chunks of at most UPLOAD_CHUNK_BYTES (base64): see electron/core/files/uploads.ts. */
  // Key rotation (issue 12, item 6)
  'keys.rotationPreview': { request: RotationPlanInputSchema, response: RotationPreviewSchema },
  'keys.rotationStart': { request: RotationPlanInputSchema, response: RotationSchema },
  'keys.rotations': { request: z.object({ limit: z.number().int().min(1).max(500).default(20) }).strict(), response: z.array(RotationSchema) },
  'keys.rotation': { request: z.object({ id: z.number().int().positive() }).strict(), response: RotationDetailSchema },
  'files.begin': { request: z.object({ name: z.string().min(1).max(255), size: z.number().int().min(0) }).strict(), response: z.object({ id: z.uuid() }) },
  'files.chunk': {
    request: z.object({ id: z.uuid(), offset: z.number().int().min(0), data: z.base64().max(Math.ceil(UPLOAD_CHUNK_BYTES / 3) * 4) }).strict(),
    response: z.object({ received: z.number().int() }),
  },
  'files.discard': { request: z.object({ id: z.uuid() }).strict(), response: z.object({}) },
  /** Starts the built-in demo fleet (a simulator of the Brackenfield schools), when no real sites exist. */
  'demo.start': { request: Empty, response: z.object({ sites: z.number().int() }) },
  'demo.stop': { request: Empty, response: z.object({ removed: z.number().int() }) },
} as const;

/** Pushes from the core to every window. The renderer never polls. */
export const events = {
  'sites.changed': z.object({ reason: z.enum(['created', 'updated', 'removed', 'restored', 'imported']), ids: z.array(z.number().int()) }),
  /** Only the sites whose status changed since the last push. */
  'fleet.changed': z.object({ statuses: z.array(SiteStatusSchema) }),
  'poller.state': z.object({ paused: z.boolean() }),
  'incidents.changed': z.object({}),
  /** An alert to show (desktop notification): one per fleet incident, or per site incident not grouped. */
  'incident.notify': IncidentNotificationSchema,
  /** Runs whose actions moved on (state, verification). */
  'actions.changed': z.object({ runIds: z.array(z.number().int()) }),
  /** Templates, overrides, assignments or live configs changed: drift states may have moved. */
  'config.changed': z.object({ siteIds: z.union([z.array(z.number().int()), z.literal('all')]) }),
  /** Rollouts that moved on. */
  'rollouts.changed': z.object({ ids: z.array(z.number().int()) }),
  /** How far the core has read an uploaded GIAS extract (bytes of total). */
  'register.progress': z.object({ uploadId: z.string(), bytes: z.number().int(), total: z.number().int() }),
  /** Key rotations that moved on. */
  'keys.rotationsChanged': z.object({ ids: z.array(z.number().int()) }),
} as const;

export type Channels = typeof channels;
export type Channel = keyof Channels;
export type EventName = keyof typeof events;
/** What a caller passes (defaults may be omitted). */
export type RequestOf<C extends Channel> = z.input<Channels[C]['request']>;
/** What a handler receives after parsing. */
export type ParsedRequestOf<C extends Channel> = z.output<Channels[C]['request']>;
export type ResponseOf<C extends Channel> = z.output<Channels[C]['response']>;
export type EventOf<E extends EventName> = z.output<(typeof events)[E]>;

export const channelNames = Object.keys(channels) as Channel[];
export const eventNames = Object.keys(events) as EventName[];

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.hasOwn(channels, name);
}
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}

/** Method names the preload exposes: 'sites.create' → 'sitesCreate'. */
export type MethodName<C extends string> = C extends `${infer A}.${infer B}` ? `${A}${Capitalize<MethodName<B>>}` : C;
export function methodName<C extends Channel>(channel: C): MethodName<C> {
  return channel.replace(/\.(\w)/g, (_, c: string) => c.toUpperCase()) as MethodName<C>;
}
