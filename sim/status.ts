// The status and diag documents of a simulated school at a sim time.
import { DATASETS, type AgentStatus, type Dataset, type DatasetStatus, type ServiceState } from '../shared/protocol/v1.ts';
import { DAY_MS } from './calendar.ts';
import { AGENT_NAME, B2B_PRODUCT, LEGACY_AGENT_VERSION, OUTDATED_B2B_VERSION } from './profile.ts';
import type { SchoolModel } from './school.ts';
import { certificateExpiresAt, credentialsExpireAt, datasetAt, endpointLive, misReachable, misVersionAt, serviceDownAt, skewMinutesOf } from './transfers.ts';

const iso = (t: number): string => new Date(t).toISOString();
/** A crash-looping service is restarted by the service manager about this often. */
export const CRASH_PERIOD_MS = 4 * 60_000;

export function serviceAt(school: SchoolModel, t: number): AgentStatus['service'] {
  const down = serviceDownAt(school, t);
  const dayAgo = t - DAY_MS;
  let restarts = school.restartsBetween(dayAgo, t);
  for (const f of school.faultIntervals()) {
    if (f.name !== 'crash-loop') continue;
    const from = Math.max(f.since, dayAgo);
    const to = Math.min(f.until ?? t, t);
    if (to > from) restarts += Math.floor((to - from) / CRASH_PERIOD_MS);
  }
  if (down) {
    const state: ServiceState = down.name === 'not-installed' ? 'not-installed' : down.name === 'crash-loop' ? 'crash-looping' : 'stopped';
    return { state, since: iso(down.since), restarts24h: restarts };
  }
  // Up since the later of boot, the last restart, or the end of the last outage.
  let since = school.profile.bootAt;
  const restart = school.lastRestartBefore(t);
  if (restart !== null) since = Math.max(since, restart);
  for (const f of school.faultIntervals()) {
    if ((f.name === 'service-stopped' || f.name === 'crash-loop' || f.name === 'not-installed' || f.name === 'service-wont-start') && f.until !== null && f.until <= t) since = Math.max(since, f.until);
  }
  return { state: 'running', since: iso(Math.min(since, t)), restarts24h: restarts };
}

export function statusAt(school: SchoolModel, t: number): AgentStatus {
  const p = school.profile;
  const version = school.versionAt(t);
  const config = version.config;
  let pending = 0;
  let oldest: number | null = null;
  const datasets = {} as Record<Dataset, DatasetStatus>;
  for (const d of DATASETS) {
    const view = datasetAt(school, d, t, school.manual);
    datasets[d] = view.status;
    pending += view.pending;
    if (view.oldestPending !== null) oldest = oldest === null ? view.oldestPending : Math.min(oldest, view.oldestPending);
  }
  const misOk = misReachable(school, config, t);
  const endpointOk = endpointLive(school, config);
  const skew = school.faultAt('clock-skew', t);
  const diskFull = school.faultAt('disk-full', t) !== null;
  return {
    agent: { name: AGENT_NAME, version: school.faultAt('agent-protocol-1.0', t) ? LEGACY_AGENT_VERSION : p.agentVersion },
    b2b: { product: B2B_PRODUCT, version: school.faultAt('agent-outdated', t) ? OUTDATED_B2B_VERSION : p.b2bVersion },
    service: serviceAt(school, t),
    datasets,
    backlog: { pending, oldest: oldest === null ? null : iso(oldest) },
    mis: {
      product: config.mis.product,
      version: misVersionAt(school, t),
      reachable: misOk,
      error: misOk ? null : `Cannot connect to ${config.mis.server}: a network-related or instance-specific error occurred (error 26).`,
    },
    endpoint: { url: config.endpointUrl, reachable: endpointOk, error: endpointOk ? null : 'No such host is known.' },
    credentials: { expires: iso(credentialsExpireAt(school, t)), certificateExpires: iso(certificateExpiresAt(school, t)) },
    config: { hash: version.hash, appliedAt: iso(version.appliedAt) },
    host: {
      hostname: p.hostname,
      clock: iso(t + (skew ? skewMinutesOf(school, skew) * 60_000 : 0)),
      diskFreeMb: diskFull ? 40 + (p.identity.urn % 200) : p.diskFreeMb,
      diskTotalMb: p.diskTotalMb,
    },
  };
}

export function diagAt(school: SchoolModel, t: number): Array<{ name: string; ok: boolean; detail: string }> {
  const s = statusAt(school, t);
  const credDays = Math.floor((Date.parse(s.credentials.expires ?? iso(t)) - t) / DAY_MS);
  const certDays = Math.floor((Date.parse(s.credentials.certificateExpires ?? iso(t)) - t) / DAY_MS);
  const skewMin = Math.round((Date.parse(s.host.clock) - t) / 60_000);
  const outdated = s.b2b.version === OUTDATED_B2B_VERSION;
  return [
    { name: 'service', ok: s.service.state === 'running', detail: `B2B service ${s.service.state} since ${s.service.since}` },
    { name: 'mis', ok: s.mis.reachable, detail: s.mis.reachable ? `${s.mis.product} ${s.mis.version} reachable` : (s.mis.error ?? 'unreachable') },
    { name: 'endpoint', ok: s.endpoint.reachable, detail: s.endpoint.reachable ? `${s.endpoint.url} reachable` : `${s.endpoint.url}: ${s.endpoint.error ?? 'unreachable'}` },
    { name: 'credentials', ok: credDays >= 0, detail: credDays >= 0 ? `expire in ${credDays} days` : `expired ${-credDays} days ago` },
    { name: 'certificate', ok: certDays >= 0, detail: certDays >= 0 ? `expires in ${certDays} days` : `expired ${-certDays} days ago` },
    { name: 'disk', ok: s.host.diskFreeMb >= 1024, detail: `${s.host.diskFreeMb} MB free of ${s.host.diskTotalMb} MB` },
    { name: 'clock', ok: Math.abs(skewMin) < 5, detail: Math.abs(skewMin) < 5 ? 'host clock within 5 minutes of the time source' : `host clock is ${skewMin} minutes off` },
    { name: 'b2b-version', ok: !outdated, detail: outdated ? `B2B ${s.b2b.version} is older than the minimum the endpoint accepts` : `B2B ${s.b2b.version}` },
  ];
}
