// What the poller answers from memory: the register (removed sites too, for their pages), each
// site's poll settings and the maintenance windows not yet over. Read whole by read(); one
// site's settings again by rereadPoll() after a write that moved them (a host key offered).
import type { Site } from '../../../shared/site.ts';
import type { MaintenanceWindow, SitePoll, Store } from '../store/store.ts';

const noPoll = (siteId: number): SitePoll => ({ siteId, intervalS: null, credentialId: null, alertsMuted: false, hostkeyApproved: null, hostkeyPending: null, hostkeySeenAt: null, hostkeyRejected: null });

export class FleetView {
  readonly #store: Store;
  #register = new Map<number, Site>();
  #listed: Site[] = [];
  #polls = new Map<number, SitePoll>();
  #windows: MaintenanceWindow[] = [];

  constructor(store: Store) {
    this.#store = store;
  }

  /** Reads it all again; returns the sites in the register (not removed), in the register's order. */
  async read(now: number): Promise<Site[]> {
    const { sites, pollState } = this.#store;
    const [listed, archived, polls, windows] = await Promise.all([sites.list(), sites.listArchived(), pollState.allPoll(), pollState.maintenanceFrom(now)]);
    this.#register = new Map([...archived, ...listed].map((s) => [s.id, s]));
    this.#listed = listed;
    this.#polls = polls;
    this.#windows = windows;
    return listed;
  }

  async rereadPoll(siteId: number): Promise<void> {
    this.#polls.set(siteId, await this.#store.pollState.poll(siteId));
  }

  /** Sites in the register, not removed, as last read. */
  get listed(): readonly Site[] {
    return this.#listed;
  }

  /** Any site, removed or not, as last read. */
  site(siteId: number): Site | undefined {
    return this.#register.get(siteId);
  }

  poll(siteId: number): SitePoll {
    return this.#polls.get(siteId) ?? noPoll(siteId);
  }

  inMaintenance(siteId: number, at: number): boolean {
    return this.#windows.some((w) => w.startsAt <= at && w.endsAt > at && (w.siteId === null || w.siteId === siteId));
  }
}
