// Several collectors on one database: what one writes, the others' consoles must see within a
// second. Each collector publishes its own changes as hints (event name and ids); on a hint
// from another, it reads what it keeps in memory again and tells its own consoles. A hint is
// never the data: a missed one costs only freshness until the next change or poll.
import type { EventName } from '../../shared/contract.ts';
import type { EventBus } from './events.ts';
import type { Logger } from './log.ts';
import type { PollService } from './poller/poll-service.ts';
import type { SettingsService } from './settings/settings-service.ts';
import type { ChangeFeed, ChangeHint } from './store/store.ts';

export interface RelayDeps {
  feed: ChangeFeed;
  origin: string;
  events: EventBus;
  poller: PollService;
  settings: SettingsService;
  log: Logger;
}

/** The ids a local event names, for its hint; null for events that stay with this process. */
function idsOf(name: EventName, payload: unknown): number[] | null {
  const p = payload as Record<string, unknown>;
  switch (name) {
    case 'sites.changed':
    case 'rollouts.changed':
    case 'keys.rotationsChanged':
      return p.ids as number[];
    case 'fleet.changed':
      return (p.statuses as { siteId: number }[]).map((s) => s.siteId);
    case 'actions.changed':
      return p.runIds as number[];
    case 'config.changed':
      return p.siteIds === 'all' ? [] : (p.siteIds as number[]);
    case 'incidents.changed':
      return [];
    default:
      // poller.state is this collector's own; incident.notify fires where it was detected; upload progress is local.
      return null;
  }
}

export function relayChanges(d: RelayDeps): () => void {
  let replaying = false;
  const offLocal = d.events.on((name, payload) => {
    if (replaying) return;
    const ids = idsOf(name, payload);
    if (ids === null) return;
    d.feed.publish({ origin: d.origin, event: name, ids }).catch((err: unknown) => d.log.warn('could not tell other collectors of a change', { event: name, err }));
  });
  const offRemote = d.feed.subscribe((hint) => {
    if (hint.origin === d.origin) return;
    void replay(hint).catch((err: unknown) => d.log.warn('could not follow a change made elsewhere', { event: hint.event, err }));
  });

  async function replay(hint: ChangeHint): Promise<void> {
    const emit = (fn: () => void) => {
      replaying = true;
      try {
        fn();
      } finally {
        replaying = false;
      }
    };
    switch (hint.event) {
      case 'sites.changed':
        emit(() => d.events.emit('sites.changed', { reason: 'updated', ids: hint.ids }));
        return;
      case 'fleet.changed': {
        await d.poller.reread(hint.ids);
        const statuses = hint.ids.flatMap((id) => {
          try {
            return [d.poller.status(id)];
          } catch {
            return [];
          }
        });
        emit(() => d.events.emit('fleet.changed', { statuses }));
        return;
      }
      case 'incidents.changed':
        emit(() => d.events.emit('incidents.changed', {}));
        return;
      case 'actions.changed':
        emit(() => d.events.emit('actions.changed', { runIds: hint.ids }));
        return;
      case 'config.changed':
        emit(() => d.events.emit('config.changed', { siteIds: hint.ids.length ? hint.ids : 'all' }));
        return;
      case 'rollouts.changed':
        emit(() => d.events.emit('rollouts.changed', { ids: hint.ids }));
        return;
      case 'keys.rotationsChanged':
        emit(() => d.events.emit('keys.rotationsChanged', { ids: hint.ids }));
        return;
      case 'settings.changed':
        await d.settings.reload({ elsewhere: true });
        d.poller.reloadSettings();
        return;
    }
  }
  const offSettings = d.settings.onChange(() => {
    d.feed.publish({ origin: d.origin, event: 'settings.changed', ids: [] }).catch((err: unknown) => d.log.warn('could not tell other collectors of a change', { event: 'settings.changed', err }));
  });
  return () => {
    offLocal();
    offRemote();
    offSettings();
  };
}
