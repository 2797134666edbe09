// Host-key trust in bulk. Approve trusts the key the person saw and re-polls the site (a
// changed key's incident closes on the next healthy poll). Reject refuses it: the pin is
// left as it was, nothing is sent, and the refused key is not offered again until the host
// shows the pinned key once more; a different key is offered as usual.
import { readFile } from 'node:fs/promises';
import type { Clock } from '../../../shared/clock.ts';
import type { KeyDecision, KeyItem, KeyOutcome, KnownHostsCheck, WaitingKey } from '../../../shared/host-keys.ts';
import { AppFailure } from '../../../shared/result.ts';
import type { EventBus } from '../events.ts';
import type { Uploads } from '../files/uploads.ts';
import type { Logger } from '../log.ts';
import type { PollService } from '../poller/poll-service.ts';
import type { Store } from '../store/store.ts';
import { decideKeys } from './decide.ts';
import { checkAgainstKnownHosts, parseKnownHosts, revokedFingerprints } from './known-hosts.ts';

export interface HostKeyDeps {
  clock: Clock;
  log: Logger;
  events: EventBus;
  repo: Store['hostKeys'];
  poller: PollService;
  uploads: Uploads;
}

/** A known_hosts file is a few hundred lines; anything this big is the wrong file. */
const MAX_KNOWN_HOSTS_BYTES = 4 * 1024 * 1024;

export class HostKeyService {
  readonly #d: HostKeyDeps;

  constructor(deps: HostKeyDeps) {
    this.#d = deps;
  }

  waiting(): Promise<WaitingKey[]> {
    return this.#d.repo.waiting();
  }

  /** Per-site outcomes; the approved sites' re-poll runs on (`repolled`, for tests). */
  async decide(decision: KeyDecision, items: readonly KeyItem[], actor: string): Promise<{ outcomes: KeyOutcome[]; repolled: Promise<unknown> }> {
    const at = this.#d.clock.now();
    const { outcomes, writes } = await this.#d.repo.settle(
      items.map((i) => i.siteId),
      (facts, revoked) => decideKeys(decision, items, facts, revoked),
      (w) => ({ at, actor, action: `hostkey.${w.decision}`, siteId: w.siteId, target: w.name, detail: { fingerprint: w.fingerprint, kind: w.kind, pinned: w.previous, bulk: items.length }, outcome: 'ok' }),
      at,
      actor,
    );
    const ids = writes.map((w) => w.siteId);
    // The poller answers status and polls from the pins as last read: it must see these first.
    if (ids.length) await this.#d.poller.syncSites();
    if (ids.length) this.#d.events.emit('fleet.changed', { statuses: ids.filter((id) => this.#d.poller.tracks(id)).map((id) => this.#d.poller.status(id)) });
    const approved = writes.filter((w) => w.decision === 'approve').map((w) => w.siteId);
    const repolled = approved.length ? this.#d.poller.rekeyed(approved).catch((err: unknown) => this.#d.log.error('re-poll after host-key approval failed', { err })) : Promise.resolve();
    return { outcomes, repolled };
  }

  /** What the school's known_hosts says about each waiting key; the file is read once and discarded. */
  async checkKnownHosts(uploadId: string, actor: string): Promise<KnownHostsCheck> {
    const file = await this.#d.uploads.complete(uploadId);
    try {
      if (file.size > MAX_KNOWN_HOSTS_BYTES) throw new AppFailure('validation', `${file.name} is ${Math.round(file.size / 1_048_576)} MB: a known_hosts file is far smaller; pick the right file`);
      const text = (await readFile(file.path)).toString('utf8');
      if (text.includes('\0')) throw new AppFailure('validation', `${file.name} is not a text file: pick the school's known_hosts`);
      const kh = parseKnownHosts(text);
      // Kept for good: a restart must not make a revoked key approvable again.
      await this.#d.repo.recordRevoked([...revokedFingerprints(kh)], file.name, this.#d.clock.now(), actor);
      const checks = (await this.waiting()).map((w) => ({ siteId: w.siteId, fingerprint: w.presented, verdict: checkAgainstKnownHosts(kh, w.host, w.port, w.presented) }));
      return { file: file.name, entries: kh.entries.length, problems: kh.problems, checks };
    } finally {
      this.#d.uploads.discard(uploadId);
    }
  }
}
