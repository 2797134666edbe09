// Correlation maths, kept free of SQL so it can be table-tested: when many sites go down
// for the same reason at once it is one outage (a central endpoint, the network, a
// rotated key), and people want one alert about it, not hundreds.
import type { Reason, Verdict } from '../../../shared/health/verdict.ts';

export interface CorrelationOptions {
  /** A burst must be more than this share of the polled fleet, in percent. */
  thresholdPct: number;
  /** ...and at least this many sites, so two failures in a ten-site fleet stay individual. */
  minSites: number;
  /** How close together the sites must have gone down. */
  windowMs: number;
}

export const DEFAULT_CORRELATION: CorrelationOptions = { thresholdPct: 10, minSites: 5, windowMs: 10 * 60_000 };

/**
 * The correlation key. Transport verdicts carry their own meaning ('timeout' and 'unreachable'
 * are the same outage to a person), so they key on the verdict; 'failing' keys on the first bad reason.
 */
export function primaryCode(verdict: Verdict, reasons: readonly Reason[]): string {
  if (verdict !== 'failing') return verdict;
  return reasons.find((r) => r.severity === 'bad')?.code ?? verdict;
}

/** The reason a fleet incident shows: the one that made the site go down. */
export function primaryReason(reasons: readonly Reason[]): Reason | null {
  return reasons.find((r) => r.severity === 'bad') ?? reasons[0] ?? null;
}

/** The smallest burst that is more than thresholdPct of the fleet and at least minSites. */
export function sitesNeeded(fleetSize: number, opts: CorrelationOptions): number {
  const share = (opts.thresholdPct * Math.max(0, fleetSize)) / 100;
  let n = Math.floor(share) + 1;
  // Guard the float: "more than" must hold exactly, e.g. 7.5% of 200 is 15, so 16 are needed.
  while (n > 1 && n - 1 > share) n -= 1;
  while (n <= share) n += 1;
  return Math.max(opts.minSites, n);
}

export interface Candidate {
  id: number;
  openedAt: number;
}

/** The ungrouped open incidents to gather into a new fleet incident, or null while the burst is below threshold. */
export function burstToGroup(candidates: readonly Candidate[], at: number, fleetSize: number, opts: CorrelationOptions): Candidate[] | null {
  const inWindow = candidates.filter((c) => c.openedAt >= at - opts.windowMs && c.openedAt <= at);
  return inWindow.length >= sitesNeeded(fleetSize, opts) ? inWindow : null;
}

export interface FleetActivity {
  /** Children still down. */
  openChildren: number;
  /** When the most recent child went down. */
  lastJoinedAt: number;
}

/**
 * Whether a site newly down for the same reason belongs to an open fleet incident. It does while
 * sites are still joining (schools switch servers on through the morning and each finds the same
 * dead endpoint) or while the outage is still fleet-sized. Once it has dwindled to a straggler
 * that has been open for days, a new failure is news and must alert on its own.
 */
export function joinsFleet(fleet: FleetActivity, at: number, fleetSize: number, opts: CorrelationOptions): boolean {
  return at - fleet.lastJoinedAt <= opts.windowMs || fleet.openChildren + 1 >= sitesNeeded(fleetSize, opts);
}

const sites = (n: number) => (n === 1 ? '1 site' : `${n} sites`);

/** Humane titles for the outages a support engineer will recognise; the code itself otherwise. */
const FLEET_TITLES: Record<string, (n: number) => string> = {
  'endpoint-unreachable': (n) => `LA endpoint unreachable at ${sites(n)} — central endpoint down?`,
  unreachable: (n) => `${sites(n)} unreachable — network outage?`,
  'auth-failed': (n) => `${sites(n)} refuse our key — credential rotation?`,
  'hostkey-changed': (n) => `${sites(n)} show a changed host key — re-imaged hosts or interception?`,
  'protocol-error': (n) => `${sites(n)} answer with protocol errors — agent update?`,
  'mis-unreachable': (n) => `MIS unreachable at ${sites(n)} — MIS upgrade or hosting outage?`,
  'credentials-expired': (n) => `Credentials expired at ${sites(n)} — shared credential lapsed?`,
  'certificate-expired': (n) => `Certificate expired at ${sites(n)} — certificate renewal missed?`,
  'service-stopped': (n) => `B2B service stopped at ${sites(n)} — bad update or policy?`,
  'service-crash-loop': (n) => `B2B service crashing at ${sites(n)} — bad update?`,
  'clock-skew': (n) => `Clock wrong at ${sites(n)} — time server down?`,
  'running-no-data': (n) => `${sites(n)} running but sending nothing — central import stalled?`,
};

export function fleetTitle(code: string, siteCount: number): string {
  return FLEET_TITLES[code]?.(siteCount) ?? `${sites(siteCount)} down with the same fault: ${code}`;
}
