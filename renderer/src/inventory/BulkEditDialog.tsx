// Bulk edit of the fleet table's selection: set port, user, credential or area on all of
// them, add or remove tags. Preview says how many sites change; apply is one transaction.
import { useEffect, useId, useRef, useState } from 'react';
import type { BulkEditInput, BulkPreview } from '../../../shared/inventory.ts';
import type { CredentialInfoView } from '../../../shared/contract.ts';
import { useApi } from '../api/api-context.tsx';
import { appliedText, seenOfChanges, tagsFromText } from './inventory-model.ts';
import './inventory.css';

const FIELDS = [
  { key: 'port', label: 'Port', hint: 'e.g. 22' },
  { key: 'user', label: 'SSH user', hint: '' },
  { key: 'area', label: 'Area', hint: '' },
  { key: 'addTags', label: 'Add tags', hint: 'Comma-separated' },
  { key: 'removeTags', label: 'Remove tags', hint: 'Comma-separated' },
] as const;
type Key = (typeof FIELDS)[number]['key'] | 'credential';
const EMPTY: Record<Key, string> = { port: '', user: '', area: '', addTags: '', removeTags: '', credential: '' };

function editOf(siteIds: readonly number[], v: Record<Key, string>): BulkEditInput {
  const edit: BulkEditInput = { siteIds: [...siteIds], addTags: tagsFromText(v.addTags), removeTags: tagsFromText(v.removeTags) };
  if (v.port.trim() !== '') edit.port = Number(v.port.trim());
  if (v.user.trim() !== '') edit.user = v.user.trim();
  if (v.area.trim() !== '') edit.area = v.area.trim();
  if (v.credential !== '') edit.credential = v.credential;
  return edit;
}

export function BulkEditDialog({ siteIds, onClose }: { siteIds: readonly number[]; onClose: (message: string | null) => void }) {
  const api = useApi();
  const id = useId();
  const ref = useRef<HTMLDialogElement>(null);
  const [values, setValues] = useState(EMPTY);
  const [credentials, setCredentials] = useState<CredentialInfoView[]>([]);
  const [preview, setPreview] = useState<BulkPreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    // Opened once per mount; StrictMode's second effect run must not open it again.
    if (ref.current && !ref.current.open) ref.current.showModal();
    void api.call('credentials.list', {}).then((r) => r.ok && setCredentials(r.data));
  }, [api]);

  const change = (key: Key, value: string) => {
    setValues((v) => ({ ...v, [key]: value }));
    setPreview(null);
  };

  const run = async () => {
    setBusy(true);
    setError(null);
    const edit = editOf(siteIds, values);
    if (preview === null) {
      const r = await api.call('inventory.bulkPreview', { edit });
      setBusy(false);
      if (r.ok) setPreview(r.data);
      else setError(r.error.message);
      return;
    }
    const r = await api.call('inventory.bulkApply', { edit, seen: seenOfChanges(preview.changes) });
    setBusy(false);
    if (r.ok) onClose(appliedText(r.data));
    else setError(r.error.message);
  };

  const n = preview?.changes.length ?? 0;
  return (
    <dialog ref={ref} className="ui-dialog" aria-labelledby={`${id}-title`} onCancel={() => onClose(null)} data-testid="bulk-edit">
      <h3 id={`${id}-title`}>Edit {siteIds.length} selected {siteIds.length === 1 ? 'site' : 'sites'}</h3>
      <div className="ui-dialog-body">
        <p className="muted">Fields left blank stay as they are on each site.</p>
        <div className="bulk-edit-grid">
          {FIELDS.map((f) => (
            <div className="field" key={f.key}>
              <label htmlFor={`${id}-${f.key}`}>{f.label}</label>
              <input id={`${id}-${f.key}`} value={values[f.key]} onChange={(e) => change(f.key, e.target.value)} inputMode={f.key === 'port' ? 'numeric' : undefined} data-testid={`bulk-${f.key}`} />
              {f.hint && <span className="field-hint">{f.hint}</span>}
            </div>
          ))}
          <div className="field">
            <label htmlFor={`${id}-credential`}>Credential</label>
            <select id={`${id}-credential`} value={values.credential} onChange={(e) => change('credential', e.target.value)} data-testid="bulk-credential">
              <option value="">Leave as it is</option>
              {credentials.map((c) => (
                <option key={c.id} value={c.name}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
        </div>
        {error && (
          <p className="form-error" role="alert" data-testid="bulk-error">
            {error}
          </p>
        )}
        {preview && (
          <div className="bulk-edit-summary" role="status" data-testid="bulk-summary">
            {n} {n === 1 ? 'site changes' : 'sites change'}; {preview.unchanged} already as asked.
            {preview.skipped.length > 0 && ` Left out: ${preview.skipped.map((s) => `${s.name} (${s.reason})`).join('; ')}.`}
            {preview.changes.some((c) => c.forgetsHostKey) && ' Sites whose address changes forget their pinned host key: approve the new key after their first poll.'}
          </div>
        )}
      </div>
      <div className="ui-dialog-actions">
        <button type="button" onClick={() => onClose(null)}>
          Cancel
        </button>
        <button type="button" className="primary" onClick={() => void run()} disabled={busy || (preview !== null && n === 0)} data-testid="bulk-confirm">
          {preview === null ? 'Preview' : `Apply to ${n} ${n === 1 ? 'site' : 'sites'}`}
        </button>
      </div>
    </dialog>
  );
}
