// The poller's way to a site's agent: which site, key pin and credential a connection uses,
// for polls, for actions (connect) and for a key rotation's one-off logins (runWith).
import type { AgentConfig, AgentRequest } from '../../../shared/protocol/v1.ts';
import { isSetUp, type SetUpSite, type Site } from '../../../shared/site.ts';
import type { Credential, CredentialStore } from '../secrets/credential-store.ts';
import type { SitePoll, Store } from '../store/store.ts';
import { runVerbOnce, type CommandRunner, type VerbOutcome } from '../ssh/agent-client.ts';
import { failure, type SshFailure } from '../ssh/failures.ts';
import type { SshTimeouts } from '../ssh/ssh-connection.ts';
import type { ConnectionPool } from './connection-pool.ts';
import type { FleetView } from './fleet-view.ts';
import { connectionOptions, type PollTarget } from './site-poller.ts';

export interface SiteConnectorDeps {
  store: Store;
  credentials: CredentialStore;
  pool: ConnectionPool;
  view: FleetView;
  timeouts: SshTimeouts;
  /** The sites being polled now (set up, held by this process). */
  polling: (siteId: number) => SetUpSite | undefined;
  stopped: () => boolean;
}

export interface PollTargetSite {
  site: SetUpSite;
  poll: SitePoll;
  credential: Credential | null;
}

export type Connected = { ok: true; runner: CommandRunner; release: () => void } | { ok: false; failure: SshFailure };

type KnownConfig = { hash: string; config: AgentConfig } | null;

export class SiteConnector {
  readonly #d: SiteConnectorDeps;
  /** The agent config each poll compares hashes against: read once, then kept current by polls. */
  readonly #configs = new Map<number, KnownConfig>();

  constructor(deps: SiteConnectorDeps) {
    this.#d = deps;
  }

  /** The site, its poll settings and the credential its polls use; null if it is not being polled. */
  async target(siteId: number): Promise<PollTargetSite | null> {
    const site = this.#d.polling(siteId);
    if (!site) return null;
    const poll = this.#d.view.poll(siteId);
    const credentialId = poll.credentialId ?? (await this.#d.credentials.idOf(site.demo ? 'demo' : 'default'));
    const credential = credentialId === null ? null : await this.#d.credentials.get(credentialId);
    return { site, poll, credential };
  }

  /** What a poll of the site needs, or null if it is not being polled. */
  async pollTarget(siteId: number, now: number): Promise<PollTarget | null> {
    const t = await this.target(siteId);
    if (!t) return null;
    const { site, poll, credential } = t;
    if (!this.#configs.has(siteId)) this.#configs.set(siteId, await this.#d.store.pollState.config(siteId));
    return {
      site,
      credential,
      pinnedFingerprint: poll.hostkeyApproved,
      rejectedFingerprint: poll.hostkeyRejected,
      hostKeyInDoubt: poll.hostkeyPending !== null || poll.hostkeyRejected !== null,
      knownConfig: this.#configs.get(siteId) ?? null,
      maintenance: this.#d.view.inMaintenance(siteId, now),
    };
  }

  learnConfig(siteId: number, config: NonNullable<KnownConfig>): void {
    this.#configs.set(siteId, config);
  }

  forget(siteId: number): void {
    this.#configs.delete(siteId);
  }

  /** Dials a site waiting for its poll, so its connect runs while it queues. */
  async predial(siteId: number): Promise<void> {
    if (this.#d.pool.has(siteId)) return;
    const t = await this.target(siteId);
    if (t?.credential && !this.#d.stopped()) this.#d.pool.predial(siteId, connectionOptions(t.site, t.credential, t.poll.hostkeyApproved, this.#d.timeouts));
  }

  /** A pooled connection for an action; the caller releases it. */
  async connect(siteId: number, signal: AbortSignal): Promise<Connected> {
    const t = await this.target(siteId);
    if (!t) return { ok: false, failure: failure('not-connected', 'That site is not in the register') };
    if (!t.credential) return { ok: false, failure: failure('credentials-invalid', 'No SSH key is set up for this site') };
    const acquired = await this.#d.pool.acquire(siteId, connectionOptions(t.site, t.credential, t.poll.hostkeyApproved, this.#d.timeouts), signal);
    return acquired.ok ? { ok: true, runner: acquired.runner, release: acquired.release } : { ok: false, failure: acquired.failure };
  }

  /** One verb over a fresh connection, outside the pool, with a chosen stored credential. */
  async runWith<R extends AgentRequest>(siteId: number, credentialId: number, request: R, overallMs: number): Promise<VerbOutcome<R>> {
    // From the register, not the polling set: a rotation resumed as the core opens runs before polling starts.
    let site: Site | undefined = this.#d.polling(siteId);
    try {
      site ??= await this.#d.store.sites.get(siteId);
    } catch {
      return { ok: false, failure: failure('not-connected', 'That site is not in the register') };
    }
    if (!isSetUp(site)) return { ok: false, failure: failure('not-connected', 'That site is not set up yet: it has no B2B host') };
    const credential = await this.#d.credentials.get(credentialId);
    if (!credential) return { ok: false, failure: failure('credentials-invalid', 'That key is no longer stored') };
    const pin = (await this.#d.store.pollState.poll(siteId)).hostkeyApproved;
    return runVerbOnce(connectionOptions(site, credential, pin, this.#d.timeouts), request, { overallMs });
  }
}
