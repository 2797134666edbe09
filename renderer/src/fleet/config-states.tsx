// Each site's config state (in sync, drift, changed locally…) for the fleet views: read once,
// then again whenever the core says configs moved ('config.changed'), sites changed, or the
// connection came back. useLive keeps the reads from overlapping.
import { createContext, useCallback, useContext, useEffect, useMemo, type ReactNode } from 'react';
import type { SiteConfigState } from '../../../shared/fleet-config.ts';
import { useApi } from '../api/api-context.tsx';
import { useLive } from '../components/use-live.ts';

export interface ConfigStates {
  /** Site id → its state; empty until the first read (or when the core has no config yet). */
  bySite: ReadonlyMap<number, SiteConfigState>;
  loaded: boolean;
  error: string | null;
}

const EMPTY: ConfigStates = { bySite: new Map(), loaded: false, error: null };
const Ctx = createContext<ConfigStates>(EMPTY);

export function ConfigStatesProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const read = useCallback(() => api.call('config.states', {}), [api]);
  const { data, error, reload } = useLive(read, 'config.changed');

  useEffect(() => {
    let wasClosed = false;
    const offs = [
      api.on('sites.changed', () => reload()),
      api.onConnection((state) => {
        if (state === 'closed') wasClosed = true;
        else if (wasClosed) {
          wasClosed = false;
          reload();
        }
      }),
    ];
    return () => {
      for (const off of offs) off();
    };
  }, [api, reload]);

  const states = useMemo<ConfigStates>(() => (data === null ? { ...EMPTY, error } : { bySite: new Map(data.map((s) => [s.siteId, s])), loaded: true, error }), [data, error]);
  return <Ctx.Provider value={states}>{children}</Ctx.Provider>;
}

export function useConfigStates(): ConfigStates {
  return useContext(Ctx);
}
