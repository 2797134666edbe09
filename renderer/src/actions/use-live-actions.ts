// Action data kept live without polling: read once, then re-read when the core says runs
// moved on ('actions.changed'). A run of hundreds of sites sends many such pushes, so reads
// never overlap: one more read follows the one in flight, however many pushes came meanwhile.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Result } from '../../../shared/result.ts';
import { useApi } from '../api/api-context.tsx';

export interface Live<T> {
  data: T | null;
  error: string | null;
  reload: () => void;
}

/** `read` must be stable (useCallback); `concerns` says whether a push is about this data. */
export function useLiveActions<T>(read: () => Promise<Result<T>>, concerns: (runIds: readonly number[]) => boolean = () => true): Live<T> {
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
    const off = api.on('actions.changed', ({ runIds }) => {
      if (concernsRef.current(runIds)) load();
    });
    return () => {
      live = false;
      off();
    };
  }, [api, read]);

  const reload = useCallback(() => reloadRef.current(), []);
  return { data, error, reload };
}
