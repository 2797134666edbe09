// Host keys waiting for a person, approved or rejected in bulk. Each decision sends the
// fingerprint the person saw; the core refuses a site whose host now presents another.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { KeyDecision, KeyOutcome, KnownHostsCheck } from '../../../shared/host-keys.ts';
import { useApi } from '../api/api-context.tsx';
import { EmptyState } from '../components/EmptyState.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { SegmentedControl } from '../components/SegmentedControl.tsx';
import { useLive } from '../components/use-live.ts';
import { DecideDialog } from './DecideDialog.tsx';
import { HostKeysTable } from './HostKeysTable.tsx';
import { itemsOf, KIND_FILTERS, matchingIds, outcomeSummary, shownRows, sites, targets, type KindFilter } from './host-keys-model.ts';
import { KnownHostsPicker } from './KnownHostsPicker.tsx';
import './host-keys.css';

export function HostKeysView() {
  const api = useApi();
  const shownIds = useRef<ReadonlySet<number>>(new Set());
  const read = useCallback(() => api.call('hostkeys.waiting', {}), [api]);
  // A new key shows in a poll's status; a decided one leaves a site we list.
  const { data, error, reload } = useLive(read, 'fleet.changed', (p) => p.statuses.some((s) => s.hostKey.pending !== null || shownIds.current.has(s.siteId)));
  const [filter, setFilter] = useState<KindFilter>('all');
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  const [check, setCheck] = useState<KnownHostsCheck | null>(null);
  const [decision, setDecision] = useState<KeyDecision | null>(null);
  const [busy, setBusy] = useState(false);
  const [outcomes, setOutcomes] = useState<KeyOutcome[] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const rows = useMemo(() => shownRows(data ?? [], filter), [data, filter]);
  useEffect(() => {
    shownIds.current = new Set((data ?? []).map((r) => r.siteId));
  }, [data]);
  const approveTargets = targets(rows, selected, 'approve', check);
  const rejectTargets = targets(rows, selected, 'reject', check);
  const matching = matchingIds(rows, check);
  const dialogTargets = decision === 'approve' ? approveTargets : rejectTargets;

  const toggle = (id: number) => setSelected((s) => (s.has(id) ? new Set([...s].filter((x) => x !== id)) : new Set([...s, id])));
  const toggleAll = (on: boolean) => setSelected(on ? new Set(rows.map((r) => r.siteId)) : new Set());

  const decide = async () => {
    if (!decision) return;
    setBusy(true);
    const r = await api.call('hostkeys.decide', { decision, items: itemsOf(dialogTargets.rows) });
    setBusy(false);
    setDecision(null);
    if (r.ok) {
      setOutcomes(r.data.outcomes);
      setFailure(null);
      setSelected(new Set());
    } else setFailure(r.error.message);
    reload();
  };

  const problems = outcomes?.filter((o) => o.outcome !== 'approved' && o.outcome !== 'rejected') ?? [];
  return (
    <section className="hk" aria-labelledby="hostkeys-title" data-testid="hostkeys-view">
      <div className="hk-head">
        <h2 id="hostkeys-title">Host keys</h2>
      </div>
      <p className="ui-muted hk-lead">
        The console sends nothing to a school until a person trusts the SSH host key its server presents. Compare each fingerprint with the server’s own before approving; reject a key you do not recognise.
      </p>
      <KnownHostsPicker check={check} onChecked={setCheck} />
      {error && <ErrorNotice title="Could not load the waiting keys">{error}</ErrorNotice>}
      {failure && <ErrorNotice title="Nothing was changed">{failure}</ErrorNotice>}
      {outcomes && (
        <div className="hk-outcomes" role="status" data-testid="hostkeys-outcomes">
          <p>{outcomeSummary(outcomes)}.</p>
          {problems.length > 0 && (
            <ul>
              {problems.map((o) => (
                <li key={o.siteId}>{o.message}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      <div className="hk-toolbar">
        <SegmentedControl label="Show" value={filter} options={KIND_FILTERS} onChange={setFilter} testId="hostkeys-filter" />
        <button type="button" className="primary" disabled={approveTargets.rows.length === 0} onClick={() => setDecision('approve')} data-testid="hostkeys-approve">
          Approve {approveTargets.rows.length > 0 ? sites(approveTargets.rows.length) : 'selected'}…
        </button>
        <button type="button" disabled={rejectTargets.rows.length === 0} onClick={() => setDecision('reject')} data-testid="hostkeys-reject">
          Reject {rejectTargets.rows.length > 0 ? sites(rejectTargets.rows.length) : 'selected'}…
        </button>
        {check && (
          <button
            type="button"
            disabled={matching.length === 0}
            onClick={() => {
              setSelected(new Set(matching));
              setDecision('approve');
            }}
            data-testid="hostkeys-approve-matching"
          >
            Approve the {matching.length === 1 ? 'matching one' : `${matching.length} matching ones`}…
          </button>
        )}
      </div>
      {data && data.length === 0 ? (
        <EmptyState title="No host keys waiting" testId="hostkeys-empty">
          Every site’s key is trusted, or was rejected. A new or changed key shows here when a poll meets it.
        </EmptyState>
      ) : (
        data && <HostKeysTable rows={rows} selected={selected} check={check} onToggle={toggle} onToggleAll={toggleAll} />
      )}
      <DecideDialog decision={decision} rows={dialogTargets.rows} revokedLeftOut={dialogTargets.revokedLeftOut} busy={busy} onConfirm={() => void decide()} onCancel={() => setDecision(null)} />
    </section>
  );
}
