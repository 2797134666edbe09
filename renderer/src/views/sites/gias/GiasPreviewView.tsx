// What an import would do, before anything is written. Every text from the file is rendered
// as React text, never as HTML.
import type { GiasPreview } from '../../../../../shared/register.ts';

function Count({ id, label, n }: { id: string; label: string; n: number }) {
  return (
    <li>
      <span className="gias-count" data-testid={`gias-count-${id}`}>
        {n}
      </span>{' '}
      {label}
    </li>
  );
}

const show = (v: string | number | null) => (v === null ? '(blank)' : String(v));

export function GiasPreviewView({ p }: { p: GiasPreview }) {
  const invalid = p.problems.filter((x) => !x.kept);
  const kept = p.problems.filter((x) => x.kept);
  const la = p.las.find((l) => l.code === p.laCode);
  return (
    <div className="gias-preview" data-testid="gias-preview">
      <p>
        {p.fileName}: {p.rows} rows{p.encoding ? ` (${p.encoding})` : ''}, LA {p.laCode} {la?.name ?? ''}.
      </p>
      <ul className="gias-counts">
        <Count id="created" label="new schools (they wait for their B2B host)" n={p.created.length} />
        <Count id="changed" label="changed" n={p.changed.length} />
        <Count id="unchanged" label="unchanged" n={p.unchanged} />
        <Count id="skipped" label={`skipped (${p.skipped.notOpen} closed or proposed, ${p.skipped.otherLa} in other LAs, ${p.skipped.removed.length} removed sites)`} n={p.skipped.notOpen + p.skipped.otherLa + p.skipped.removed.length} />
        <Count id="invalid" label="invalid rows (not imported)" n={invalid.length} />
      </ul>
      {p.changed.length > 0 && (
        <details open data-testid="gias-changed">
          <summary>Changed by GIAS ({p.changed.length})</summary>
          <ul>
            {p.changed.map((c) => (
              <li key={c.urn} data-testid={`gias-changed-${c.urn}`}>
                <strong>{c.name}</strong> ({c.urn}):{' '}
                {c.changes.map((x) => (
                  <span key={x.field} className="gias-change">
                    {x.field}: {show(x.before)} → {show(x.after)}
                  </span>
                ))}
              </li>
            ))}
          </ul>
        </details>
      )}
      {p.problems.length > 0 && (
        <details open={invalid.length > 0} data-testid="gias-problems">
          <summary>
            Rows with problems ({invalid.length} left out, {kept.length} imported without a field)
          </summary>
          <table className="sites-table">
            <thead>
              <tr>
                <th scope="col">Line</th>
                <th scope="col">URN</th>
                <th scope="col">Name</th>
                <th scope="col">Problem</th>
                <th scope="col">Imported</th>
              </tr>
            </thead>
            <tbody>
              {p.problems.map((x, i) => (
                <tr key={`${x.line}-${i}`} data-testid={`gias-problem-line-${x.line}`}>
                  <td>{x.line}</td>
                  <td>{x.urn}</td>
                  <td>{x.name}</td>
                  <td>{x.reason}</td>
                  <td>{x.kept ? 'yes' : 'no'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
      <SchoolList id="not-on-map" title="Not on the map (no usable coordinates)" items={p.notOnMap.map((s) => ({ key: s.urn, text: `${s.name} (${s.urn})${s.postcode ? `, ${s.postcode}` : ''}` }))} />
      <SchoolList id="closed" title="Closed in GIAS (kept in the register: remove or convert them yourself)" items={p.closedInGias.map((s) => ({ key: s.urn, text: `${s.name} (${s.urn}): ${s.status}${s.reasonClosed ? `, ${s.reasonClosed}` : ''}` }))} />
      <SchoolList id="not-in-extract" title="Not in this extract (kept in the register)" items={p.notInExtract.map((s) => ({ key: s.urn, text: `${s.name} (${s.urn})` }))} />
      <SchoolList id="removed" title="Skipped: removed or demo sites" items={p.skipped.removed.map((s) => ({ key: s.urn, text: `${s.name} (${s.urn}): ${s.reason}` }))} />
    </div>
  );
}

function SchoolList({ id, title, items }: { id: string; title: string; items: { key: number; text: string }[] }) {
  if (!items.length) return null;
  return (
    <details data-testid={`gias-${id}`}>
      <summary>
        {title} ({items.length})
      </summary>
      <ul>
        {items.map((i) => (
          <li key={i.key}>{i.text}</li>
        ))}
      </ul>
    </details>
  );
}
