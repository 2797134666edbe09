// Who a simulated school is (its GIAS identity) and the fixed facts of its server:
// hostname, MIS, versions, default agent config, disk, credentials. All derived from
// seed + URN, so the same seed gives the same estate.
import { createHash } from 'node:crypto';
import { canonicalConfig, type AgentConfig } from '../shared/protocol/v1.ts';
import { DAY_MS } from './calendar.ts';
import { createRng } from './prng.ts';

/** A school as GIAS describes it; the sites file and the console's register use the same fields. */
export interface SchoolIdentity {
  urn: number;
  /** 7 digits, no slash. */
  laestab: string | null;
  name: string;
  type: string | null;
  typeGroup: string | null;
  phase: string | null;
  trust: string | null;
  /** The LA (or area) the school belongs to. */
  area: string | null;
  pupils: number | null;
  latitude: number | null;
  longitude: number | null;
}

export interface SchoolProfile {
  identity: SchoolIdentity;
  hostname: string;
  misProduct: string;
  misVersion: string;
  /** The MIS server the agent must be configured with to reach it. */
  misServer: string;
  b2bVersion: string;
  agentVersion: string;
  defaultConfig: AgentConfig;
  /** The LA endpoints that accept this school's transfers (on-premises and the SaaS move target). */
  liveEndpoints: readonly string[];
  /** Where the agent is left pointing after a server move it missed. */
  staleEndpoint: string;
  installedAt: number;
  bootAt: number;
  credentialsExpire: number;
  certificateExpires: number;
  diskTotalMb: number;
  diskFreeMb: number;
}

export const AGENT_NAME = 'b2b-sim-agent';
export const AGENT_VERSION = '1.1.0';
/** What a site not yet upgraded runs (fault agent-protocol-1.0): it has no `enabled` setting. */
export const LEGACY_AGENT_VERSION = '1.0.3';
export const LEGACY_PROTOCOL_VERSION = '1.0';
export const B2B_PRODUCT = 'Capita One B2B Client';
export const OUTDATED_B2B_VERSION = '3.61.2';
export const MIN_B2B_VERSION = '3.70';
export const UPGRADED_SIMS_VERSION = '7.231';

export function slugOf(area: string | null): string {
  const slug = (area ?? 'brackenfield').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  return slug === '' ? 'la' : slug;
}

export function endpointsFor(area: string | null): { live: string[]; stale: string } {
  const slug = slugOf(area);
  return {
    live: [`https://b2b.${slug}.gov.uk/one/b2b`, `https://one-saas.example.net/b2b/${slug}`],
    stale: `https://b2b-old.${slug}.gov.uk/one/b2b`,
  };
}

/** Endpoints compare without a trailing slash or case in the host, as a TLS client would. */
export function sameEndpoint(a: string, b: string): boolean {
  const norm = (u: string): string => {
    try {
      const url = new URL(u);
      return `${url.protocol}//${url.host.toLowerCase()}${url.pathname.replace(/\/+$/, '')}`;
    } catch {
      return u;
    }
  };
  return norm(a) === norm(b);
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

export function makeProfile(seed: string | number, identity: SchoolIdentity, start: number): SchoolProfile {
  const rng = createRng(seed, 'profile', identity.urn);
  const id = identity.laestab ?? String(identity.urn);
  const hostname = `SCH${id}-SRV${pad2(rng.int(1, 3))}`;
  const misProduct = rng.weighted([
    ['SIMS', 85],
    ['Bromcom', 10],
    ['Arbor', 5],
  ] as const);
  const misVersion = misProduct === 'SIMS' ? `7.${rng.int(205, 219)}` : misProduct === 'Bromcom' ? `2025.${rng.int(1, 9)}` : `26.${rng.int(1, 12)}`;
  const misServer = misProduct === 'SIMS' ? `${hostname}\\SIMS` : misProduct === 'Bromcom' ? 'api.bromcom.example.com' : 'api.arbor.example.com';
  const endpoints = endpointsFor(identity.area);
  const nightly = rng.int(0, 50);
  const assessmentDay = rng.weighted([
    [5, 50],
    [1, 20],
    [3, 30],
  ] as const);
  const defaultConfig: AgentConfig = {
    endpointUrl: endpoints.live[0] ?? endpoints.stale,
    schoolId: /^\d{7}$/.test(id) ? id : '9999999',
    mis: { product: misProduct, server: misServer, database: misProduct === 'SIMS' ? 'sims' : `school-${identity.urn}` },
    schedule: {
      pupils: [`01:${pad2(nightly)}`],
      attendance: [`02:${pad2(nightly)}`, `13:${pad2(rng.int(0, 45))}`],
      exclusions: [`02:${pad2(Math.min(59, nightly + 5))}`],
      assessment: [`03:${pad2(rng.int(0, 30))}`],
    },
    days: { pupils: [1, 2, 3, 4, 5], attendance: [1, 2, 3, 4, 5], exclusions: [1, 2, 3, 4, 5], assessment: [assessmentDay] },
    logLevel: rng.chance(0.1) ? 'debug' : 'info',
    proxy: rng.chance(0.15) ? 'proxy.schools.example.net:8080' : null,
  };
  const diskTotalMb = rng.pick([102_400, 204_800, 256_000, 512_000]);
  return {
    identity,
    hostname,
    misProduct,
    misVersion,
    misServer,
    b2bVersion: rng.weighted([
      ['3.77.4', 70],
      ['3.76.2', 20],
      ['3.78.1', 10],
    ] as const),
    agentVersion: AGENT_VERSION,
    defaultConfig,
    liveEndpoints: endpoints.live,
    staleEndpoint: endpoints.stale,
    installedAt: start - rng.int(200, 1500) * DAY_MS,
    bootAt: start - rng.int(12, 480) * 3_600_000,
    credentialsExpire: start + rng.int(30, 420) * DAY_MS,
    certificateExpires: start + rng.int(20, 720) * DAY_MS,
    diskTotalMb,
    diskFreeMb: Math.round(diskTotalMb * (0.15 + rng.next() * 0.6)),
  };
}

/** The protocol's config hash: sha256 over the canonical JSON bytes. */
export function configHash(config: AgentConfig): string {
  return `sha256:${createHash('sha256').update(canonicalConfig(config), 'utf8').digest('hex')}`;
}
