// Connects one FleetStore to the core: a snapshot at start, on register changes and after
// a reconnect (pushes may have been missed while away); otherwise only pushes. Never polls.
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { useApi } from '../api/api-context.tsx';
import { FleetStore } from './fleet-store.ts';

const FleetContext = createContext<FleetStore | null>(null);

export function FleetProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const [store] = useState(() => new FleetStore());

  useEffect(() => {
    let latest = 0;
    const load = async (): Promise<void> => {
      const seq = ++latest;
      const r = await api.call('fleet.snapshot', {});
      if (seq !== latest) return;
      if (r.ok) store.replace(r.data);
      else store.setError(r.error.message);
    };
    let wasClosed = false;
    const offs = [
      api.on('fleet.changed', ({ statuses }) => void store.applyStatuses(statuses)),
      api.on('sites.changed', () => void load()),
      api.on('poller.state', ({ paused }) => store.setPaused(paused)),
      api.onConnection((state) => {
        if (state === 'closed') wasClosed = true;
        else if (wasClosed) {
          wasClosed = false;
          void load();
        }
      }),
    ];
    void load();
    return () => {
      latest = -1;
      for (const off of offs) off();
    };
  }, [api, store]);

  return <FleetContext.Provider value={store}>{children}</FleetContext.Provider>;
}

export function useFleetStore(): FleetStore {
  const store = useContext(FleetContext);
  if (!store) throw new Error('useFleetStore needs a <FleetProvider> above it');
  return store;
}
