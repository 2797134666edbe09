// Data kept live without polling: read once, then re-read when the core pushes the named
// event and it concerns this data. Reads never overlap: one more follows the one in flight,
// however many pushes came meanwhile (a rollout of hundreds of sites sends many).
import { useCallback, useEffect, useRef, useState } from 'react';
import type { EventName, EventOf } from '../../../shared/contract.ts';
import type { Result } from '../../../shared/result.ts';
import { useApi } from '../api/api-context.tsx';

export interface LiveData<T> {
  data: T | null;
  error: string | null;
  reload: () => void;
}

/** `read` must be stable (useCallback); `concerns` says whether a push is about this data. */
export function useLive<T, E extends EventName>(read: () => Promise<Result<T>>, event: E, concerns: (payload: EventOf<E>) => boolean = () => true): LiveData<T> {
  const api = useApi();
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reloadRef = useRef<() => void>(() => undefined);
  const concernsRef = useRef(concerns);
  useEffect(() => {
    concernsRef.current = concerns;
  });

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
      void read()
        .then((r) => {
          if (!live) return;
          if (r.ok) {
            setData(r.data);
            setError(null);
          } else setError(r.error.message);
        })
        .finally(() => {
          inFlight = false;
          if (live && again) {
            again = false;
            load();
          }
        });
    };
    reloadRef.current = load;
    load();
    const off = api.on(event, (payload) => {
      if (concernsRef.current(payload)) load();
    });
    return () => {
      live = false;
      off();
    };
  }, [api, read, event]);

  const reload = useCallback(() => reloadRef.current(), []);
  return { data, error, reload };
}
