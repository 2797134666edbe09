// Turns each site's effective verdict into incidents: open, update, resolve, and group a
// correlated outage under one fleet incident so it raises one alert instead of hundreds.
import type { Clock } from '../../../shared/clock.ts';
import { VERDICT_LABELS, type Reason, type Verdict } from '../../../shared/health/verdict.ts';
import type { FleetIncident, Incident, IncidentNotification } from '../../../shared/incidents.ts';
import type { Store } from '../store/store.ts';
import { burstToGroup, DEFAULT_CORRELATION, fleetTitle, joinsFleet, primaryCode, primaryReason, type CorrelationOptions } from './correlation.ts';
import { nextStep } from './transition.ts';

export interface Observation {
  siteId: number;
  /** Epoch ms of the poll. */
  at: number;
  /** Kept for the caller's logs; the stored open incident decides (see nextStep). */
  previous: Verdict | null;
  /** The effective, flap-damped verdict. */
  current: Verdict;
  reasons: readonly Reason[];
  /** In a maintenance window or alerts muted: opens nothing, but existing incidents carry on. */
  muted: boolean;
}

export interface FleetLink {
  incident: FleetIncident;
  /** True when this observation crossed the threshold and created it. */
  created: boolean;
  /** Site incidents grouped by this observation (on creation, the whole burst so far). */
  attached: Incident[];
  /** Of those, the ones whose own alert had already fired before the burst was recognised. */
  alreadyNotified: Incident[];
}

export type IncidentChange =
  | { change: 'none' }
  | { change: 'opened'; incident: Incident; fleet: FleetLink | null }
  | { change: 'updated'; incident: Incident }
  | { change: 'resolved'; incident: Incident; fleetResolved: FleetIncident | null };

/** `notifications` holds every alert due now, including held ones from other sites whose hold just ended. */
export type ObserveResult = IncidentChange & { notifications: IncidentNotification[] };

export interface TrackerOptions {
  /** How many sites the poller is polling now: correlation thresholds are a share of it. */
  fleetSize: () => number;
  correlation?: Partial<CorrelationOptions>;
  /**
   * How long an individual alert is held so a burst can be recognised first (Alertmanager's
   * group_wait). Sites on a 5-minute jittered poll find a central outage about evenly over those
   * minutes, so 10% of them have seen it well within two. 0 alerts at once.
   */
  notifyDelayMs?: number;
}

export const DEFAULT_NOTIFY_DELAY_MS = 2 * 60_000;

type Change = { change: 'none' } | { change: 'opened'; id: number; fleet: FleetPlan | null } | { change: 'updated'; id: number } | { change: 'resolved'; id: number; fleetId: number | null };
interface FleetPlan {
  id: number;
  created: boolean;
  attached: number[];
  alreadyNotified: number[];
}

export function siteTitle(verdict: Verdict, reasons: readonly Reason[]): string {
  const reason = primaryReason(reasons);
  return reason ? `${VERDICT_LABELS[verdict]}: ${reason.message}` : VERDICT_LABELS[verdict];
}

export class IncidentTracker {
  private readonly store: Store;
  private readonly clock: Clock;
  private readonly repo: Store['incidents'];
  private readonly fleetSize: () => number;
  private readonly correlation: CorrelationOptions;
  private readonly notifyDelayMs: number;

  constructor(store: Store, clock: Clock, options: TrackerOptions) {
    this.store = store;
    this.clock = clock;
    this.repo = store.incidents;
    this.fleetSize = options.fleetSize;
    this.correlation = { ...DEFAULT_CORRELATION, ...options.correlation };
    this.notifyDelayMs = options.notifyDelayMs ?? DEFAULT_NOTIFY_DELAY_MS;
  }

  /** Call once per site per poll. One transaction: a burst is grouped atomically or not at all. */
  observe(o: Observation): Promise<ObserveResult> {
    return this.store.withTransaction(async (): Promise<ObserveResult> => {
      const applied = await this.apply(o);
      const notifications = await this.due(o.at);
      const change = await this.present(applied);
      if (change.change === 'opened' && change.fleet?.created) {
        notifications.unshift({ kind: 'fleet', incident: change.fleet.incident, alreadyNotified: change.fleet.alreadyNotified });
      }
      return { ...change, notifications };
    });
  }

  /**
   * A removed site is never polled again, so nothing would close its open incident: close it
   * now (and its fleet incident, if it was the last site down). Returns the closed incident's id.
   */
  closeForRemovedSite(siteId: number, at: number): Promise<number | null> {
    return this.store.withTransaction(async () => {
      const open = await this.repo.openForSite(siteId);
      if (!open) return null;
      await this.resolve(open, at);
      return open.id;
    });
  }

  /** Alerts whose hold has ended; call on a timer so they fire even when no poll lands. */
  releaseDue(at: number = this.clock.now()): Promise<IncidentNotification[]> {
    return this.store.withTransaction(() => this.due(at));
  }

  private async due(at: number): Promise<IncidentNotification[]> {
    return (await this.repo.takeDue(at)).map((incident) => ({ kind: 'site', incident }));
  }

  private async apply(o: Observation): Promise<Change> {
    const open = await this.repo.openForSite(o.siteId);
    const step = nextStep(o.current, o.reasons, o.muted, open);
    if (step === 'open') return await this.open(o);
    if (step === 'none' || open === null) return { change: 'none' };
    if (step === 'update') {
      await this.repo.updateCurrent(open.id, o.current, o.reasons, siteTitle(o.current, o.reasons), o.at);
      return { change: 'updated', id: open.id };
    }
    return await this.resolve(open, o.at);
  }

  private async open(o: Observation): Promise<Change> {
    const code = primaryCode(o.current, o.reasons);
    const id = await this.repo.insertSite({
      siteId: o.siteId,
      at: o.at,
      verdict: o.current,
      reasonCode: code,
      reasons: o.reasons,
      title: siteTitle(o.current, o.reasons),
      notifyAt: o.at + this.notifyDelayMs,
    });
    const fleetSize = this.fleetSize();
    const fleet = await this.repo.openFleetFor(code);
    if (fleet && joinsFleet(fleet, o.at, fleetSize, this.correlation)) {
      await this.repo.attach([id], fleet.id, o.at);
      await this.repo.retitle(fleet.id, fleetTitle(code, fleet.siteCount + 1), o.at);
      return { change: 'opened', id, fleet: { id: fleet.id, created: false, attached: [id], alreadyNotified: [] } };
    }
    const group = burstToGroup(await this.repo.burstCandidates(code, o.at - this.correlation.windowMs), o.at, fleetSize, this.correlation);
    if (!group) return { change: 'opened', id, fleet: null };
    const ids = group.map((c) => c.id);
    // Read before attaching: attaching turns 'pending' into 'grouped', leaving 'sent' as the ones that already alerted.
    const notified = await Promise.all(ids.map(async (c) => ((await this.repo.get(c)).notification === 'sent' ? c : null)));
    const alreadyNotified = notified.filter((c): c is number => c !== null);
    const fleetId = await this.repo.insertFleet({
      at: o.at,
      openedAt: Math.min(...group.map((c) => c.openedAt)),
      verdict: o.current,
      reasonCode: code,
      reasons: [primaryReason(o.reasons)].filter((r): r is Reason => r !== null),
      title: fleetTitle(code, ids.length),
      fleetSize,
    });
    await this.repo.attach(ids, fleetId, o.at);
    return { change: 'opened', id, fleet: { id: fleetId, created: true, attached: ids, alreadyNotified } };
  }

  private async resolve(open: Incident, at: number): Promise<Change> {
    await this.repo.resolve(open.id, at);
    // A fleet incident is over when the last of its sites has recovered.
    if (open.parentId !== null && await this.repo.openChildren(open.parentId) === 0) {
      await this.repo.resolve(open.parentId, at);
      return { change: 'resolved', id: open.id, fleetId: open.parentId };
    }
    return { change: 'resolved', id: open.id, fleetId: null };
  }

  private async present(c: Change): Promise<IncidentChange> {
    switch (c.change) {
      case 'none':
        return { change: 'none' };
      case 'updated':
        return { change: 'updated', incident: await this.repo.get(c.id) };
      case 'resolved':
        return { change: 'resolved', incident: await this.repo.get(c.id), fleetResolved: c.fleetId === null ? null : await this.repo.getFleet(c.fleetId) };
      case 'opened': {
        const incident = await this.repo.get(c.id);
        const read = (ids: readonly number[]) => Promise.all(ids.map((id) => (id === c.id ? Promise.resolve(incident) : this.repo.get(id))));
        const f = c.fleet;
        const fleet = f && { incident: await this.repo.getFleet(f.id), created: f.created, attached: await read(f.attached), alreadyNotified: await read(f.alreadyNotified) };
        return { change: 'opened', incident, fleet };
      }
    }
  }
}
