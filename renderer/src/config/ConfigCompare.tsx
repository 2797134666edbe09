// A site's config side by side: what it has (live), what it should have (desired), and which
// layer set each desired setting (the template, an area, tag or site override, or the site's
// own value). Settings that would change are marked in words as well as weight.
import type { SiteConfigView } from '../../../shared/contract.ts';
import { configRows, describeValue, pathLabel } from './config-format.ts';

const ownValue = 'the site’s own';

export function ConfigCompare({ view }: { view: SiteConfigView }) {
  const live = view.live?.config ?? null;
  const desired = view.desired?.ok ? view.desired : null;
  const base = desired?.config ?? live;
  if (!base) return <p className="muted">No configuration has been read from this site yet.</p>;
  const rows = configRows(base);
  const changed = new Set(view.changes.map((c) => c.path));
  const liveByPath = new Map(live ? configRows(live).map((r) => [r.path, r.value]) : []);
  return (
    <table className="ui-table cfg-compare" data-testid="config-compare">
      <thead>
        <tr>
          <th scope="col">Setting</th>
          <th scope="col">Now (live)</th>
          <th scope="col">Should be</th>
          <th scope="col">Set by</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => {
          const isChanged = changed.has(r.path);
          return (
            <tr key={r.path} className={isChanged ? 'cfg-changed' : undefined} data-testid={`config-row-${r.path}`} data-changed={isChanged}>
              <th scope="row">
                {pathLabel(r.path)}
                {isChanged && <span className="cfg-changes-word"> (changes)</span>}
              </th>
              <td className="mono cfg-value">{live ? describeValue(r.path, liveByPath.get(r.path)) : '—'}</td>
              <td className="mono cfg-value">{desired ? describeValue(r.path, r.value) : '—'}</td>
              <td>{desired ? (desired.sources[r.path] ?? ownValue) : '—'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
