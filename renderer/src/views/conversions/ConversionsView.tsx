// Sites → Academy conversions: upload a GIAS extract (and, if you have it, the links file),
// see which registered schools reopened under a new URN, and carry chosen ones over.
// Everything from the files is shown as React text, never as HTML.
import { useId, useState } from 'react';
import { giasDate, type ConversionPair, type ConversionPreview } from '../../../../shared/conversions.ts';
import { useApi } from '../../api/api-context.tsx';
import { uploadFile } from '../../api/upload.ts';
import { routeHref, siteRoute } from '../../app/router.ts';
import './conversions.css';

type Uploaded = { extractId: string; linksId: string | null };
const key = (p: ConversionPair) => `${p.predecessor.urn}>${p.successor.urn}`;
const STATUS_TEXT: Record<ConversionPair['status'], string> = { ready: 'Ready', ambiguous: 'Ambiguous', blocked: 'Needs a person' };

export function ConversionsView() {
  const api = useApi();
  const extractField = useId();
  const linksField = useId();
  const [extract, setExtract] = useState<File | null>(null);
  const [links, setLinks] = useState<File | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [uploaded, setUploaded] = useState<Uploaded | null>(null);
  const [preview, setPreview] = useState<ConversionPreview | null>(null);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [done, setDone] = useState<{ name: string; urn: number; siteId: number }[]>([]);

  const find = async () => {
    if (!extract) return;
    setError(null);
    setDone([]);
    try {
      setBusy('Uploading the extract…');
      const extractId = await uploadFile(api, extract);
      setBusy(links ? 'Uploading the links file…' : 'Reading the extract…');
      const linksId = links ? await uploadFile(api, links) : null;
      setBusy('Reading…');
      const r = await api.call('conversions.preview', { extractId, linksId });
      if (!r.ok) throw new Error(r.error.message);
      setUploaded({ extractId, linksId });
      setPreview(r.data);
      setChosen(new Set(r.data.pairs.filter((p) => p.status === 'ready').map(key)));
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setPreview(null);
    } finally {
      setBusy(null);
    }
  };

  const confirm = async () => {
    if (!uploaded || !preview) return;
    const pairs = preview.pairs.filter((p) => p.status === 'ready' && chosen.has(key(p)));
    setBusy('Carrying over…');
    setError(null);
    const r = await api.call('conversions.confirm', { ...uploaded, pairs: pairs.map((p) => ({ predecessorUrn: p.predecessor.urn, successorUrn: p.successor.urn })) });
    setBusy(null);
    if (!r.ok) return setError(r.error.message);
    setDone(r.data.confirmed.map((c) => ({ urn: c.successorUrn, siteId: c.successorId, name: pairs.find((p) => p.successor.urn === c.successorUrn)?.successor.name ?? String(c.successorUrn) })));
    setPreview(null);
    setUploaded(null);
  };

  const toggle = (p: ConversionPair) => {
    const next = new Set(chosen);
    if (next.has(key(p))) next.delete(key(p));
    else next.add(key(p));
    setChosen(next);
  };
  const ready = preview?.pairs.filter((p) => p.status === 'ready' && chosen.has(key(p))).length ?? 0;

  return (
    <section className="conv-view" aria-labelledby="conv-title" data-testid="conversions-view">
      <div className="view-header">
        <h2 id="conv-title">Academy conversions</h2>
        <a href={routeHref({ view: 'sites' })}>Back to sites</a>
      </div>
      <p className="field-hint">
        When a school becomes an academy, GIAS closes its URN and opens a new one; its B2B server stays. Carrying it over moves the host, credential, pinned key, config, tags and
        notes to the new URN, removes the old site (history kept) and joins their histories.
      </p>
      <form
        className="conv-files ui-card"
        onSubmit={(e) => {
          e.preventDefault();
          void find();
        }}
      >
        <div className="field">
          <label htmlFor={extractField}>GIAS establishment extract (CSV)</label>
          <input id={extractField} type="file" accept=".csv,text/csv" required onChange={(e) => setExtract(e.target.files?.[0] ?? null)} data-testid="conv-extract" />
        </div>
        <div className="field">
          <label htmlFor={linksField}>GIAS links file (optional)</label>
          <input id={linksField} type="file" accept=".csv,text/csv" onChange={(e) => setLinks(e.target.files?.[0] ?? null)} data-testid="conv-links" />
          <span className="field-hint">links_edubasealldata….csv. Without it, pairs are found from the extract: closed as Academy converter, reopened at the same address.</span>
        </div>
        <button type="submit" className="primary" disabled={!extract || busy !== null} data-testid="conv-find">
          Find conversions
        </button>
      </form>
      {busy && (
        <p role="status" aria-busy="true">
          {busy}
        </p>
      )}
      {error && (
        <p className="form-error" role="alert" data-testid="conv-error">
          {error}
        </p>
      )}
      {done.length > 0 && (
        <div className="notice" role="status" data-testid="conv-done">
          Carried over:{' '}
          {done.map((d, i) => (
            <span key={d.siteId}>
              {i > 0 && ', '}
              <a href={routeHref(siteRoute(d.siteId))}>
                {d.name} (URN {d.urn})
              </a>
            </span>
          ))}
        </div>
      )}
      {preview && <PairsTable preview={preview} chosen={chosen} onToggle={toggle} />}
      {preview && preview.pairs.length > 0 && (
        <button type="button" className="primary" disabled={ready === 0 || busy !== null} onClick={() => void confirm()} data-testid="conv-confirm">
          Carry over {ready} {ready === 1 ? 'school' : 'schools'}
        </button>
      )}
    </section>
  );
}

function PairsTable({ preview, chosen, onToggle }: { preview: ConversionPreview; chosen: Set<string>; onToggle: (p: ConversionPair) => void }) {
  return (
    <>
      <p className="field-hint" data-testid="conv-source">
        {preview.source === 'links' ? 'Pairs from the GIAS links file.' : 'Pairs from the extract: closed as Academy converter and reopened at the same address.'}
      </p>
      {preview.pairs.length === 0 ? (
        <p className="empty-state" data-testid="conv-none">
          No registered school has converted under a new URN (or every conversion is already carried over).
        </p>
      ) : (
        <table className="sites-table conv-table" data-testid="conv-pairs">
          <thead>
            <tr>
              <th scope="col">
                <span className="visually-hidden">Carry over</span>
              </th>
              <th scope="col">Registered school</th>
              <th scope="col">New URN</th>
              <th scope="col">Evidence</th>
              <th scope="col">Carries over</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {preview.pairs.map((p) => (
              <tr key={key(p)} data-testid={`conv-pair-${p.predecessor.urn}`}>
                <td>
                  <input
                    type="checkbox"
                    checked={p.status === 'ready' && chosen.has(key(p))}
                    disabled={p.status !== 'ready'}
                    onChange={() => onToggle(p)}
                    aria-label={`Carry ${p.predecessor.name} (URN ${p.predecessor.urn}) over to URN ${p.successor.urn}`}
                  />
                </td>
                <td>
                  {p.predecessor.name} (URN {p.predecessor.urn})
                  {p.predecessor.host && <div className="mono field-hint">{`${p.predecessor.user ?? ''}@${p.predecessor.host}:${p.predecessor.port}`}</div>}
                </td>
                <td>
                  {p.successor.name} (URN {p.successor.urn}){p.successor.siteId === null ? ' — new site' : ' — registered, no host yet'}
                  {p.candidates.length > 0 && <div className="field-hint">Also fits: {p.candidates.map((c) => `${c.name} (URN ${c.urn})`).join(', ')}</div>}
                </td>
                <td>
                  {p.evidence}
                  {p.convertedOn && <div className="field-hint">Converted {giasDate(p.convertedOn)}</div>}
                </td>
                <td>{p.carries.join('; ')}</td>
                <td>
                  <span className={`ui-tag conv-${p.status}`}>{STATUS_TEXT[p.status]}</span>
                  {p.note && <div className="field-hint">{p.note}</div>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {preview.problems.length > 0 && (
        <details className="conv-problems" data-testid="conv-problems">
          <summary>{preview.problems.length} rows could not be read</summary>
          <ul>
            {preview.problems.map((p) => (
              <li key={`${p.file}-${p.line}-${p.reason}`}>
                {p.file === 'links' ? 'Links file' : 'Extract'} line {p.line}: {p.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
    </>
  );
}
