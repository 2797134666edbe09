import { useEffect, useState } from 'react';
import type { AnyIncident } from '../../../shared/incidents.ts';
import { useApi } from '../api/api-context.tsx';

// A burst of poll results can bring many incidents.changed pushes; one reload covers them.
const COALESCE_MS = 250;

/** Open incidents (fleet and site), kept current by incidents.changed. Null until loaded. */
export function useOpenIncidents(): { incidents: AnyIncident[] | null; error: string | null } {
  const api = useApi();
  const [state, setState] = useState<{ incidents: AnyIncident[] | null; error: string | null }>({ incidents: null, error: null });
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const load = async () => {
      timer = null;
      const r = await api.call('incidents.list', { state: 'open', limit: 1000 });
      if (!live) return;
      setState((s) => (r.ok ? { incidents: r.data, error: null } : { incidents: s.incidents, error: r.error.message }));
    };
    void load();
    const later = () => {
      timer ??= setTimeout(() => void load(), COALESCE_MS);
    };
    const offs = [
      api.on('incidents.changed', later),
      // Changes pushed while the connection was down are lost: reload once it is back.
      api.onConnection((state) => state === 'open' && later()),
    ];
    return () => {
      live = false;
      if (timer) clearTimeout(timer);
      for (const off of offs) off();
    };
  }, [api]);
  return state;
}
