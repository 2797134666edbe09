// What an import would do, before it does it: the terms (with school days), breaks and
// closure days found, what was ignored and why, and the change against what is saved now.
import type { TermImportPreview } from '../../../../shared/term-import.ts';

const day = (iso: string): string => new Date(`${iso}T12:00:00Z`).toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

export function TermImportPreviewView({ preview: p, onApply, onCancel }: { preview: TermImportPreview; onApply: () => void; onCancel: () => void }) {
  const c = p.changes;
  return (
    <section className="term-preview" aria-labelledby="term-preview-title" data-testid="term-preview">
      <h4 id="term-preview-title">
        {p.fileName} ({p.format === 'ics' ? 'iCalendar' : 'CSV'})
      </h4>
      <p data-testid="term-preview-changes">
        {p.years.length === 0 ? (
          'Nothing to import: no terms or closure days were found.'
        ) : (
          <>
            Replaces the whole of {p.years.join(', ')}: adds {plural(c.termsAdded.length, 'term')}, removes {plural(c.termsRemoved.length, 'term')}
            {c.termsRemoved.length > 0 && ` (${c.termsRemoved.map((t) => t.name).join(', ')})`}, keeps {plural(c.termsKept, 'term')} of other years; closure days:{' '}
            {c.closuresAdded.length} added, {c.closuresRemoved.length} removed.
          </>
        )}
      </p>
      {p.terms.length > 0 && (
        <table className="settings-table" data-testid="term-preview-terms">
          <caption className="visually-hidden">Terms found</caption>
          <thead>
            <tr>
              <th scope="col">Term</th>
              <th scope="col">First day</th>
              <th scope="col">Last day</th>
              <th scope="col">School days</th>
            </tr>
          </thead>
          <tbody>
            {p.terms.map((t) => (
              <tr key={`${t.start}-${t.name}`}>
                <td>{t.name}</td>
                <td>{day(t.start)}</td>
                <td>{day(t.end)}</td>
                <td>{t.schoolDays}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {p.breaks.length > 0 && (
        <>
          <h5>Half-terms and holidays (quiet)</h5>
          <ul data-testid="term-preview-breaks">
            {p.breaks.map((b) => (
              <li key={`${b.start}-${b.end}-${b.text}`}>
                {b.text}: {day(b.start)} to {day(b.end)}
              </li>
            ))}
          </ul>
        </>
      )}
      {p.closures.length > 0 && (
        <>
          <h5>Closure days inside terms (quiet)</h5>
          <ul data-testid="term-preview-closures">
            {p.closures.map((d) => (
              <li key={d.date}>
                {day(d.date)}: {d.text}
              </li>
            ))}
          </ul>
        </>
      )}
      {p.ignored.length > 0 && (
        <>
          <h5>Ignored ({p.ignored.length})</h5>
          <table className="settings-table" data-testid="term-preview-ignored">
            <caption className="visually-hidden">Events and rows not used, with the reason</caption>
            <thead>
              <tr>
                <th scope="col">Where</th>
                <th scope="col">Text</th>
                <th scope="col">Why</th>
              </tr>
            </thead>
            <tbody>
              {p.ignored.map((i, n) => (
                <tr key={n}>
                  <td>{i.where}</td>
                  <td>{i.text}</td>
                  <td>{i.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <div className="settings-actions">
        <button type="button" className="primary" onClick={onApply} disabled={p.terms.length === 0} data-testid="term-import-apply">
          Apply
        </button>
        <button type="button" onClick={onCancel} data-testid="term-import-cancel">
          Cancel
        </button>
      </div>
    </section>
  );
}
