// The key rotation service's view of the rest of the core: sites and their poll settings,
// saved credentials, the poller's connections, the audit trail and the event bus.
import { isSetUp } from '../../../shared/site.ts';
import { createHash } from 'node:crypto';
import { splitPublicKeyLine } from '../../../shared/protocol/auth-keys.ts';
import type { CoreContext } from '../context.ts';
import { PushBatch } from '../push-batch.ts';
import type { Team } from '../config/rollout-world.ts';
import type { Store } from '../store/store.ts';
import type { RotationWorld } from './key-rotation-service.ts';

const CHANGE_PUSH_MS = 150;

type Parts = Pick<CoreContext, 'clock' | 'log' | 'events' | 'sites' | 'pollState' | 'credentials' | 'poller' | 'audit'> & { repo: Store['keyRotations']; team: Team };

/** `SHA256:` + unpadded base64 of the blob's sha256, as OpenSSH prints it. */
export function fingerprintOfLine(line: string): string | null {
  const words = splitPublicKeyLine(line);
  return words ? `SHA256:${createHash('sha256').update(Buffer.from(words.base64, 'base64')).digest('base64').replace(/=+$/, '')}` : null;
}

export function rotationWorld(p: Parts): RotationWorld {
  // A rotation over hundreds of sites moves thousands of times; each push makes every window read again.
  const pushes = new PushBatch(CHANGE_PUSH_MS, (ids) => p.events.emit('keys.rotationsChanged', { ids: ids === 'all' ? [] : ids }));
  const credentialOf = async (siteId: number, demo: boolean): Promise<number | null> => (await p.pollState.poll(siteId)).credentialId ?? (await p.credentials.idOf(demo ? 'demo' : 'default'));
  return {
    clock: p.clock,
    log: p.log,
    repo: p.repo,
    credential: async (id) => {
      const c = (await p.credentials.list()).find((x) => x.id === id);
      const fingerprint = c?.publicKey ? fingerprintOfLine(c.publicKey) : null;
      return c && fingerprint ? { ...c, fingerprint } : null;
    },
    candidates: async (ids) => {
      const names = new Map((await p.credentials.list()).map((c) => [c.id, c.name]));
      const wanted = new Set(ids);
      const [sites, polls] = await Promise.all([p.sites.list(), p.pollState.allPoll()]);
      const defaults = { demo: await p.credentials.idOf('demo'), default: await p.credentials.idOf('default') };
      return sites
        .filter((s) => wanted.has(s.id))
        .map((s) => {
          const poll = polls.get(s.id);
          const status = p.poller.status(s.id);
          const credentialId = poll?.credentialId ?? (s.demo ? defaults.demo : defaults.default);
          return {
            siteId: s.id,
            name: s.name,
            setUp: isSetUp(s),
            credentialId,
            credentialName: credentialId === null ? null : (names.get(credentialId) ?? null),
            hostkeyApproved: (poll?.hostkeyApproved ?? null) !== null,
            hostkeyChanged: status.hostKey.state === 'changed',
            agentVersion: status.agentVersion,
          };
        });
    },
    credentialOf: async (siteId) => credentialOf(siteId, (await p.sites.get(siteId)).demo),
    run: (siteId, credentialId, request, overallMs) => p.poller.runWith(siteId, credentialId, request, overallMs),
    switched: async (siteId) => {
      // The poller keeps each site's credential in memory: it must poll with the new key from now on.
      await p.poller.syncSites();
      p.poller.dropConnection(siteId);
    },
    audit: async (e) => {
      await p.audit.record({ at: p.clock.now(), ...e });
    },
    changed: (id) => pushes.add([id]),
    closed: () => pushes.flush(),
    owner: p.team.owner,
    drives: (siteId) => p.team.drives(siteId),
    othersAlive: () => p.team.othersAlive(),
  };
}
