// The plan's diff grouped by what changes ("412 sites: endpoint"), each group opening to its
// sites' own diffs, fetched a page at a time.
import { useState } from 'react';
import type { RolloutPreview, SiteDiff } from '../../../shared/rollouts.ts';
import { useApi } from '../api/api-context.tsx';
import { Busy } from '../components/Busy.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { describeValue, pathLabel, shortHash } from '../config/config-format.ts';

const PAGE = 50;

function SiteDiffRow({ d }: { d: SiteDiff }) {
  return (
    <li className="ro-site-diff" data-testid={`site-diff-${d.siteId}`}>
      <p className="ro-site-diff-head">
        <strong>{d.siteName}</strong>{' '}
        <span className="ui-muted small">
          {shortHash(d.fromHash)} → {shortHash(d.toHash)}
        </span>
      </p>
      <table className="ui-table ro-diff-table">
        <tbody>
          {d.changes.map((c) => (
            <tr key={c.path}>
              <th scope="row">{pathLabel(c.path)}</th>
              <td className="mono ro-from">
                <span className="visually-hidden">from </span>
                {describeValue(c.path, c.from)}
              </td>
              <td aria-hidden="true">→</td>
              <td className="mono ro-to">
                <span className="visually-hidden">to </span>
                {describeValue(c.path, c.to)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </li>
  );
}

function Group({ rolloutId, summary, count }: { rolloutId: number; summary: string; count: number }) {
  const api = useApi();
  const [diffs, setDiffs] = useState<SiteDiff[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  const more = async () => {
    setLoading(true);
    const r = await api.call('rollouts.diffs', { id: rolloutId, summary, offset: diffs?.length ?? 0, limit: PAGE });
    setLoading(false);
    if (r.ok) setDiffs((d) => [...(d ?? []), ...r.data]);
    else setError(r.error.message);
  };

  return (
    <details
      className="ro-group"
      data-testid="diff-group"
      data-summary={summary}
      data-count={count}
      onToggle={(e) => {
        if (e.currentTarget.open && diffs === null && !loading) void more();
      }}
    >
      <summary>
        <strong>{count === 1 ? '1 site' : `${count} sites`}</strong>: {summary}
      </summary>
      <div className="ro-group-body">
        {error && <ErrorNotice title="Could not load these diffs">{error}</ErrorNotice>}
        {diffs && (
          <ul className="ro-site-diffs">
            {diffs.map((d) => (
              <SiteDiffRow key={d.siteId} d={d} />
            ))}
          </ul>
        )}
        {loading && <Busy label="Loading the sites’ diffs…" />}
        {diffs && diffs.length < count && !loading && (
          <button type="button" className="show-more" onClick={() => void more()}>
            Show {Math.min(PAGE, count - diffs.length)} more of {count - diffs.length}
          </button>
        )}
      </div>
    </details>
  );
}

export function DiffGroups({ preview }: { preview: RolloutPreview }) {
  if (preview.groups.length === 0) return <p data-testid="diff-none">No site needs a change: every one already has this config.</p>;
  return (
    <div className="ro-groups" data-testid="diff-groups">
      {preview.groups.map((g) => (
        <Group key={g.summary} rolloutId={preview.rollout.id} summary={g.summary} count={g.count} />
      ))}
    </div>
  );
}
