// Pages of the audit trail, newest first: the first page for the current filters, then
// older ones on demand. Re-reads the first page when something audited may have happened.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AuditEntry } from '../../../../shared/audit.ts';
import { useApi } from '../../api/api-context.tsx';
import type { AuditQuery } from './audit-model.ts';

export const AUDIT_PAGE = 100;
const LIVE_DEBOUNCE_MS = 400;

export interface AuditPages {
  entries: AuditEntry[] | null;
  error: string | null;
  hasOlder: boolean;
  loading: boolean;
  loadOlder: () => void;
  reload: () => void;
}

/** `startBefore` opens the trail at an entry (ids below it) instead of at the newest. */
export function useAudit(query: AuditQuery, startBefore: number | null): AuditPages {
  const api = useApi();
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [hasOlder, setHasOlder] = useState(false);
  const [loading, setLoading] = useState(false);
  // Answers to superseded requests are dropped, so a slow old page never overwrites a new filter.
  const seq = useRef(0);
  const paged = useRef(false);

  const load = useCallback(
    (beforeId: number | undefined, append: boolean) => {
      const mine = ++seq.current;
      return api.call('audit.list', { ...query, limit: AUDIT_PAGE, ...(beforeId ? { beforeId } : {}) }).then((r) => {
        if (mine !== seq.current) return;
        setLoading(false);
        if (!r.ok) return setError(r.error.message);
        setError(null);
        setHasOlder(r.data.length === AUDIT_PAGE);
        setEntries((old) => (append ? [...(old ?? []), ...r.data] : r.data));
      });
    },
    [api, query],
  );

  useEffect(() => {
    paged.current = false;
    void load(startBefore ?? undefined, false);
  }, [load, startBefore]);

  const reload = useCallback(() => {
    paged.current = false;
    setLoading(true);
    void load(startBefore ?? undefined, false);
  }, [load, startBefore]);

  // Live while the person looks at the newest entries; once they page back, Refresh is theirs.
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const nudge = () => {
      if (paged.current || startBefore !== null) return;
      clearTimeout(timer);
      timer = setTimeout(reload, LIVE_DEBOUNCE_MS);
    };
    const offs = [api.on('sites.changed', nudge), api.on('incidents.changed', nudge), api.on('actions.changed', nudge)];
    return () => {
      clearTimeout(timer);
      for (const off of offs) off();
    };
  }, [api, reload, startBefore]);

  const loadOlder = useCallback(() => {
    const last = entries?.at(-1);
    if (!last) return;
    paged.current = true;
    setLoading(true);
    void load(last.id, true);
  }, [entries, load]);

  return { entries, error, hasOlder, loading, loadOlder, reload };
}
