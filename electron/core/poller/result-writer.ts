// Turns poll results into stored state: flap damping, host-key sightings, agent
// configs, history samples and incidents, all of a batch in one transaction, then
// reports which sites' statuses changed so the UI can update only those.
import { damp } from '../../../shared/health/damping.ts';
import type { DatasetFreshness } from '../../../shared/health/verdict.ts';
import type { IncidentNotification } from '../../../shared/incidents.ts';
import { DATASETS, type Dataset } from '../../../shared/protocol/v1.ts';
import type { IncidentTracker } from '../incidents/incident-tracker.ts';
import type { SiteState, Store } from '../store/store.ts';
import type { Sample } from '../store/history-types.ts';
import type { PollResult } from './site-poller.ts';

export interface WriteContext {
  store: Store;
  incidents: IncidentTracker;
  dampingPolls: () => number;
  alertsMuted: (siteId: number) => boolean;
  intervalMs: (siteId: number) => number;
}

export interface WriteOutcome {
  changedSiteIds: number[];
  notifications: IncidentNotification[];
  incidentsChanged: boolean;
}

const lastSuccessOf = (datasets: readonly DatasetFreshness[]) => new Map(datasets.map((d) => [d.dataset, d.lastSuccess]));

/** New successful transfers since the previous poll: a dataset whose last success moved on. */
function returnsBetween(prev: readonly DatasetFreshness[] | undefined, next: readonly DatasetFreshness[]): Partial<Record<Dataset, number>> {
  if (!prev || prev.length === 0 || next.length === 0) return {};
  const before = lastSuccessOf(prev);
  const out: Partial<Record<Dataset, number>> = {};
  for (const d of next) {
    const was = before.get(d.dataset);
    if (d.lastSuccess && was !== undefined && d.lastSuccess !== was) out[d.dataset] = 1;
  }
  return out;
}

export class ResultWriter {
  readonly #ctx: WriteContext;
  /** Each site's state, read once at start and kept current: the hot path reads no rows. */
  readonly #states = new Map<number, SiteState>();

  constructor(ctx: WriteContext) {
    this.#ctx = ctx;
  }

  /** Reads every site's state once, before the first poll is written. */
  async load(): Promise<void> {
    for (const s of await this.#ctx.store.pollState.allStates()) this.#states.set(s.siteId, s);
  }

  /** Reads these sites' states again: another process wrote them. */
  async reload(siteIds: readonly number[]): Promise<void> {
    for (const id of siteIds) {
      const state = await this.#ctx.store.pollState.state(id);
      if (state) this.#states.set(id, state);
      else this.#states.delete(id);
    }
  }

  state(siteId: number): SiteState | undefined {
    return this.#states.get(siteId);
  }

  forget(siteId: number): void {
    this.#states.delete(siteId);
  }

  async write(results: readonly PollResult[]): Promise<WriteOutcome> {
    const { store, incidents } = this.#ctx;
    const changed: number[] = [];
    const notifications: IncidentNotification[] = [];
    let incidentsChanged = false;
    const next = new Map<number, SiteState>();
    await store.withTransaction(async ({ pollState, history }) => {
      const samples: Sample[] = [];
      for (const r of results) {
        const prev = next.get(r.siteId) ?? this.#states.get(r.siteId);
        const d = damp(prev?.damp ?? null, r.assessment.verdict, this.#ctx.dampingPolls());
        // A poll that learned nothing about transfers keeps the last known freshness.
        const datasets = r.assessment.datasets.length > 0 ? r.assessment.datasets : (prev?.datasets ?? []);
        const state: SiteState = {
          siteId: r.siteId,
          damp: d,
          raw: r.assessment.verdict,
          reasons: r.assessment.reasons,
          datasets,
          polledAt: r.finishedAt,
          changedAt: prev && prev.damp.effective === d.effective ? prev.changedAt : r.finishedAt,
          lastOkAt: r.status ? r.finishedAt : (prev?.lastOkAt ?? null),
          latencyMs: r.latencyMs,
          failures: r.transportFailure ? (prev?.failures ?? 0) + 1 : 0,
          // The last document the agent sent stays until it sends another.
          statusJson: r.status ? JSON.stringify(r.status) : (prev?.statusJson ?? null),
          agentVersion: r.status ? r.status.agent.version : (prev?.agentVersion ?? null),
        };
        next.set(r.siteId, state);
        if (r.unpinnedFingerprint) await pollState.recordPendingHostKey(r.siteId, r.unpinnedFingerprint, r.finishedAt);
        // Only a poll that began in doubt has a key to settle: the rest of the fleet writes nothing here.
        else if (r.status && r.hostKeyInDoubt) await pollState.settleHostKey(r.siteId);
        if (r.newConfig) await pollState.putConfig(r.siteId, r.newConfig.hash, r.newConfig.config, r.finishedAt);
        const lastSuccess: Sample['lastSuccess'] = {};
        for (const f of r.assessment.datasets) lastSuccess[f.dataset] = f.lastSuccess;
        samples.push({
          siteId: r.siteId,
          ts: r.finishedAt,
          verdict: d.effective,
          rawVerdict: r.assessment.verdict,
          latencyMs: r.latencyMs,
          reasons: r.assessment.reasons.slice(0, 5),
          returns: returnsBetween(prev?.datasets, r.assessment.datasets),
          lastSuccess,
          intervalMs: this.#ctx.intervalMs(r.siteId),
          poller: { candidate: d.candidate, candidateN: d.count, datasets, lastOkAt: state.lastOkAt, failures: state.failures, statusJson: r.status ? state.statusJson : null, agentVersion: state.agentVersion },
        });
        const verdictChanged = prev?.damp.effective !== d.effective;
        if (verdictChanged) {
          const o = await incidents.observe({ siteId: r.siteId, at: r.finishedAt, previous: prev?.damp.effective ?? null, current: d.effective, reasons: r.assessment.reasons, muted: d.effective === 'maintenance' || this.#ctx.alertsMuted(r.siteId) });
          notifications.push(...o.notifications);
          if (o.change !== 'none') incidentsChanged = true;
        }
        if (verdictChanged || !sameReasons(prev, state) || r.unpinnedFingerprint) changed.push(r.siteId);
      }
      await history.recordRound(samples);
    });
    // Only after the commit: a failed transaction must leave the cache as the database is.
    for (const [id, s] of next) this.#states.set(id, s);
    return { changedSiteIds: [...new Set(changed)], notifications, incidentsChanged };
  }
}

function sameReasons(prev: SiteState | undefined, next: SiteState): boolean {
  if (!prev) return false;
  if (prev.raw !== next.raw || prev.reasons.length !== next.reasons.length) return false;
  if (prev.reasons.some((r, i) => r.code !== next.reasons[i]?.code || r.message !== next.reasons[i]?.message)) return false;
  return DATASETS.every((_, i) => prev.datasets[i]?.state === next.datasets[i]?.state && prev.datasets[i]?.lastSuccess === next.datasets[i]?.lastSuccess);
}
