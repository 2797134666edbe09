// Each site's config state (in sync, drift, changed locally…) for the fleet views: read once,
// then again whenever the core says configs moved ('config.changed') or after a reconnect.
// Reads never overlap: one more follows the one in flight, however many pushes came.
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { SiteConfigState } from '../../../shared/fleet-config.ts';
import { useApi } from '../api/api-context.tsx';

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
  const [states, setStates] = useState<ConfigStates>(EMPTY);

  useEffect(() => {
    let live = true;
    let inFlight = false;
    let again = false;
    const load = () => {
      if (inFlight) {
        again = true;
        return;
      }
      inFlight = true;
      void api
        .call('config.states', {})
        .then((r) => {
          if (!live) return;
          if (r.ok) setStates({ bySite: new Map(r.data.map((s) => [s.siteId, s])), loaded: true, error: null });
          else setStates((s) => ({ ...s, error: r.error.message }));
        })
        .finally(() => {
          inFlight = false;
          if (live && again) {
            again = false;
            load();
          }
        });
    };
    let wasClosed = false;
    const offs = [
      api.on('config.changed', () => load()),
      api.on('sites.changed', () => load()),
      api.onConnection((state) => {
        if (state === 'closed') wasClosed = true;
        else if (wasClosed) {
          wasClosed = false;
          load();
        }
      }),
    ];
    load();
    return () => {
      live = false;
      for (const off of offs) off();
    };
  }, [api]);

  return <Ctx.Provider value={states}>{children}</Ctx.Provider>;
}

export function useConfigStates(): ConfigStates {
  return useContext(Ctx);
}
