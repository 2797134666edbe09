// What to do about a verdict's reason: the remote action that can fix it, or who has to
// act when nothing the console sends can (a full disk, an upgraded MIS, expired
// credentials). Pure: triage and site detail show it beside the reason.
import type { ActionParamsInput } from './actions.ts';
import type { Reason } from './health/verdict.ts';

export type Remedy =
  | { kind: 'action'; action: ActionParamsInput; label: string; why: string }
  | { kind: 'people'; who: string; why: string };

const restart = (why: string): Remedy => ({ kind: 'action', action: { kind: 'restart' }, label: 'Restart the agent service', why });
const people = (who: string, why: string): Remedy => ({ kind: 'people', who, why });

/** By reason code; a dataset reason's resync names its dataset. */
const REMEDIES: Record<string, (r: Reason) => Remedy> = {
  'service-stopped': () => restart('A stopped service usually starts again'),
  'service-crash-loop': () => restart('A restart clears a crash loop unless its cause remains'),
  'service-stuck-starting': () => restart('A service stuck starting usually needs a restart'),
  'transfer-hung': () => restart('A restart ends a hung transfer; the next one starts afresh'),
  'running-no-data': (r) => resync(r, 'The service runs but sends nothing: a full resync re-sends what is missing'),
  'dataset-stale': (r) => resync(r, 'Data has stopped: a resync re-sends it once the cause is gone'),
  'dataset-overdue': (r) => resync(r, 'One return is late: a resync sends it now'),
  'transfer-failed': (r) => resync(r, 'The last transfer failed: a resync tries again'),
  'never-sent': (r) => resync(r, 'Nothing has ever been sent: a full resync starts it'),
  'backlog-growing': () => restart('A growing backlog often clears after a restart'),
  'service-not-installed': () => people('the school’s IT support', 'The B2B client must be installed on the school server'),
  'disk-full': () => people('the school’s IT support', 'No remote action frees disk space on the school server'),
  'disk-low': () => people('the school’s IT support', 'The school server is running out of disk space'),
  'mis-unreachable': () => people('the school (MIS) or its IT support', 'The MIS server or database cannot be reached from the agent'),
  'mis-upgraded': () => people('the school and the LA’s One team', 'The MIS was upgraded to a version the B2B client does not support'),
  'endpoint-unreachable': () => people('the LA’s One team', 'The LA endpoint cannot be reached: check the One web server, or a wrong endpoint after a move'),
  'credentials-expired': () => people('the LA’s One team', 'The B2B credentials expired: One must issue new ones'),
  'credentials-expiring': () => people('the LA’s One team', 'The B2B credentials expire soon: ask One for new ones'),
  'certificate-expired': () => people('the LA’s One team', 'The certificate expired: it must be renewed'),
  'certificate-expiring': () => people('the LA’s One team', 'The certificate expires soon'),
  'clock-skew': () => people('the school’s IT support', 'The server clock is wrong: fix its time source'),
  unreachable: () => people('the school’s IT support', 'The host is off or the network is down: an action can wait until it is back'),
  timeout: () => people('the school’s IT support', 'The host did not answer in time'),
  'auth-failed': () => people('Schools IT (console key)', 'The console’s SSH key is not accepted: put it on the host again'),
  'hostkey-changed': () => people('Schools IT', 'The host key changed: confirm with the school it was rebuilt, then approve the new key'),
  'protocol-error': () => people('Schools IT', 'The agent’s answer could not be read: update the agent or the console'),
};

function resync(r: Reason, why: string): Remedy {
  const dataset = r.dataset ?? 'all';
  return { kind: 'action', action: { kind: 'resync', dataset }, label: dataset === 'all' ? 'Resync all data' : `Resync ${dataset}`, why };
}

/** The remedy for one reason, or null for reasons that need nothing (info). */
export function remedyFor(reason: Reason): Remedy | null {
  if (reason.severity === 'info') return null;
  return REMEDIES[reason.code]?.(reason) ?? null;
}

/** Key for the journal's "what cleared what" figures: an action kind per reason code. */
export const remedyKey = (reasonCode: string, actionKind: string): string => `${reasonCode}→${actionKind}`;
