// The preload: runs sandboxed, so it is bundled to one small CJS file that needs only
// `electron`. It exposes one named method per channel, checked against DesktopBridge with
// `satisfies` (a channel added to the contract fails type-checking here until it is added).
// It imports types only from the contract, so zod stays out of this bundle; main and the
// core parse every payload.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { Channel, RequestOf, ResponseOf } from '../../shared/contract.ts';
import { BRIDGE_KEY, EVENT_CHANNEL, PRINT_PDF_CHANNEL, TEAM_SERVER_GET_CHANNEL, TEAM_SERVER_SET_CHANNEL, type BridgeEventListener, type DesktopBridge, type PrintPdfResult } from '../../shared/desktop-bridge.ts';
import type { Result } from '../../shared/result.ts';
import type { TeamServerChoice, TeamServerStatus } from '../../shared/team-server.ts';

function call<C extends Channel>(channel: C, req: RequestOf<C>): Promise<Result<ResponseOf<C>>> {
  return ipcRenderer.invoke(channel, req) as Promise<Result<ResponseOf<C>>>;
}

const api = {
  appInfo: (req) => call('app.info', req),
  sitesList: (req) => call('sites.list', req),
  sitesGet: (req) => call('sites.get', req),
  sitesCreate: (req) => call('sites.create', req),
  sitesUpdate: (req) => call('sites.update', req),
  sitesRemove: (req) => call('sites.remove', req),
  sitesArchived: (req) => call('sites.archived', req),
  sitesRestore: (req) => call('sites.restore', req),
  fleetSnapshot: (req) => call('fleet.snapshot', req),
  siteDetail: (req) => call('site.detail', req),
  siteTimeline: (req) => call('site.timeline', req),
  siteLogs: (req) => call('site.logs', req),
  pollNow: (req) => call('poll.now', req),
  pollPause: (req) => call('poll.pause', req),
  pollResume: (req) => call('poll.resume', req),
  hostkeyApprove: (req) => call('hostkey.approve', req),
  credentialsList: (req) => call('credentials.list', req),
  credentialsSave: (req) => call('credentials.save', req),
  incidentsList: (req) => call('incidents.list', req),
  incidentsAcknowledge: (req) => call('incidents.acknowledge', req),
  incidentsAssign: (req) => call('incidents.assign', req),
  incidentsAddNote: (req) => call('incidents.addNote', req),
  incidentsNotes: (req) => call('incidents.notes', req),
  incidentsTtr: (req) => call('incidents.ttr', req),
  uptimeReport: (req) => call('uptime.report', req),
  uptimeSeries: (req) => call('uptime.series', req),
  settingsGet: (req) => call('settings.get', req),
  settingsUpdate: (req) => call('settings.update', req),
  alertsMute: (req) => call('alerts.mute', req),
  maintenanceAdd: (req) => call('maintenance.add', req),
  calendarPreviewImport: (req) => call('calendar.previewImport', req),
  calendarApplyImport: (req) => call('calendar.applyImport', req),
  conversionsPreview: (req) => call('conversions.preview', req),
  conversionsConfirm: (req) => call('conversions.confirm', req),
  siteLineage: (req) => call('site.lineage', req),
  inventoryExport: (req) => call('inventory.export', req),
  inventoryPreview: (req) => call('inventory.preview', req),
  inventoryApply: (req) => call('inventory.apply', req),
  inventoryBulkPreview: (req) => call('inventory.bulkPreview', req),
  inventoryBulkApply: (req) => call('inventory.bulkApply', req),
  hostkeysWaiting: (req) => call('hostkeys.waiting', req),
  hostkeysDecide: (req) => call('hostkeys.decide', req),
  hostkeysCheckKnownHosts: (req) => call('hostkeys.checkKnownHosts', req),
  registerPreviewGias: (req) => call('register.previewGias', req),
  registerApplyGias: (req) => call('register.applyGias', req),
  registerPlaceByPostcode: (req) => call('register.placeByPostcode', req),
  keysRotationPreview: (req) => call('keys.rotationPreview', req),
  keysRotationStart: (req) => call('keys.rotationStart', req),
  keysRotations: (req) => call('keys.rotations', req),
  keysRotation: (req) => call('keys.rotation', req),
  filesBegin: (req) => call('files.begin', req),
  filesChunk: (req) => call('files.chunk', req),
  filesDiscard: (req) => call('files.discard', req),
  demoStart: (req) => call('demo.start', req),
  demoStop: (req) => call('demo.stop', req),
  actionsPreview: (req) => call('actions.preview', req),
  actionsStart: (req) => call('actions.start', req),
  actionsCancelRun: (req) => call('actions.cancelRun', req),
  actionsCancel: (req) => call('actions.cancel', req),
  actionsRun: (req) => call('actions.run', req),
  actionsRuns: (req) => call('actions.runs', req),
  actionsJournal: (req) => call('actions.journal', req),
  actionsQueue: (req) => call('actions.queue', req),
  actionsEffectiveness: (req) => call('actions.effectiveness', req),
  auditList: (req) => call('audit.list', req),
  auditVerify: (req) => call('audit.verify', req),
  auditExport: (req) => call('audit.export', req),
  configTemplates: (req) => call('config.templates', req),
  configTemplateVersions: (req) => call('config.templateVersions', req),
  configSaveTemplate: (req) => call('config.saveTemplate', req),
  configOverrides: (req) => call('config.overrides', req),
  configSaveOverride: (req) => call('config.saveOverride', req),
  configDeleteOverride: (req) => call('config.deleteOverride', req),
  configAssign: (req) => call('config.assign', req),
  configStates: (req) => call('config.states', req),
  configSite: (req) => call('config.site', req),
  configAcceptLocal: (req) => call('config.acceptLocal', req),
  rolloutsPlan: (req) => call('rollouts.plan', req),
  rolloutsDiscard: (req) => call('rollouts.discard', req),
  rolloutsStart: (req) => call('rollouts.start', req),
  rolloutsList: (req) => call('rollouts.list', req),
  rolloutsGet: (req) => call('rollouts.get', req),
  rolloutsDiffs: (req) => call('rollouts.diffs', req),
  rolloutsPause: (req) => call('rollouts.pause', req),
  rolloutsResume: (req) => call('rollouts.resume', req),
  rolloutsAbort: (req) => call('rollouts.abort', req),
  rolloutsApprove: (req) => call('rollouts.approve', req),
  rolloutsReport: (req) => call('rollouts.report', req),
  /** Handled in main, not the core: renders this window to PDF and saves it. */
  printToPdf: () => ipcRenderer.invoke(PRINT_PDF_CHANNEL) as Promise<Result<PrintPdfResult>>,
  /** Handled in main, not the core: the "Connect to a team server" setting. */
  teamServerGet: () => ipcRenderer.invoke(TEAM_SERVER_GET_CHANNEL) as Promise<Result<TeamServerStatus>>,
  teamServerSet: (choice: TeamServerChoice) => ipcRenderer.invoke(TEAM_SERVER_SET_CHANNEL, choice) as Promise<Result<TeamServerStatus>>,
  onEvent(listener: BridgeEventListener) {
    // The IPC event object (with its sender) never reaches the page.
    const relay = (_e: IpcRendererEvent, name: unknown, payload: unknown) => {
      if (typeof name === 'string') listener(name, payload);
    };
    ipcRenderer.on(EVENT_CHANNEL, relay);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, relay);
    };
  },
} satisfies DesktopBridge;

contextBridge.exposeInMainWorld(BRIDGE_KEY, api);
