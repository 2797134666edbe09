// Selectors over the fleet store. Each returns a value whose identity changes only when
// what it selects changed, so React skips everything else.
import { useCallback, useSyncExternalStore } from 'react';
import { useFleetStore } from './fleet-context.tsx';
import type { FleetRow } from './fleet-row.ts';
import type { FleetMeta } from './fleet-store.ts';
import type { Site } from '../../../shared/site.ts';

export function useFleetRows(): readonly FleetRow[] {
  const store = useFleetStore();
  return useSyncExternalStore(store.subscribe, store.getRows);
}

/** One field of the store's state; primitives, so a poll result does not re-render the shell. */
export function useFleetMeta<K extends keyof FleetMeta>(key: K): FleetMeta[K] {
  const store = useFleetStore();
  const get = useCallback(() => store.getMeta()[key], [store, key]);
  return useSyncExternalStore(store.subscribe, get);
}

export function useSiteCount(): number {
  const store = useFleetStore();
  const get = useCallback(() => store.getRows().length, [store]);
  return useSyncExternalStore(store.subscribe, get);
}

export function useFleetSites(): readonly Site[] {
  const store = useFleetStore();
  return useSyncExternalStore(store.subscribe, store.getSites);
}

export function useFleetRow(id: number): FleetRow | undefined {
  const store = useFleetStore();
  const get = useCallback(() => store.getRow(id), [store, id]);
  return useSyncExternalStore(store.subscribe, get);
}
