// Export the host inventory as CSV, and import an edited one: preview first (what changes,
// what is unchanged, which lines are wrong and why), then apply the valid rows or go and fix.
import { useId, useRef, useState } from 'react';
import type { InventoryPreview } from '../../../shared/inventory.ts';
import { useApi } from '../api/api-context.tsx';
import { uploadFile } from '../api/upload.ts';
import { downloadText } from '../views/reports/download.ts';
import { InventoryPreviewTable } from './InventoryPreviewTable.tsx';
import { appliedText, seenOf } from './inventory-model.ts';
import './inventory.css';

type Step = { kind: 'idle' } | { kind: 'busy'; what: string } | { kind: 'preview'; preview: InventoryPreview; file: string };

export function InventoryTransfer() {
  const api = useApi();
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);

  const exportCsv = async () => {
    const r = await api.call('inventory.export', {});
    if (!r.ok) return setMessage({ text: r.error.message, error: true });
    downloadText(r.data.filename, r.data.text);
    setMessage({ text: `Saved ${r.data.filename}. Edit it in a spreadsheet and import it here; blank cells leave a field as it is.`, error: false });
  };

  const choose = async (file: File | undefined) => {
    if (!file) return;
    setMessage(null);
    setStep({ kind: 'busy', what: `Reading ${file.name}…` });
    try {
      const uploadId = await uploadFile(api, file);
      const r = await api.call('inventory.preview', { uploadId });
      if (!r.ok) {
        void api.call('files.discard', { id: uploadId });
        setStep({ kind: 'idle' });
        return setMessage({ text: r.error.message, error: true });
      }
      setStep({ kind: 'preview', preview: r.data, file: file.name });
    } catch (err) {
      setStep({ kind: 'idle' });
      setMessage({ text: err instanceof Error ? err.message : String(err), error: true });
    } finally {
      if (input.current) input.current.value = '';
    }
  };

  const fixFirst = (preview: InventoryPreview) => {
    void api.call('files.discard', { id: preview.uploadId });
    setStep({ kind: 'idle' });
    setMessage({ text: 'Nothing was changed. Fix the file and import it again.', error: false });
  };

  const apply = async (preview: InventoryPreview) => {
    setStep({ kind: 'busy', what: 'Applying…' });
    const r = await api.call('inventory.apply', { uploadId: preview.uploadId, seen: seenOf(preview.rows) });
    setStep({ kind: 'idle' });
    setMessage(r.ok ? { text: appliedText(r.data), error: r.data.stale.length > 0 } : { text: r.error.message, error: true });
  };

  return (
    <section className="inventory" aria-labelledby={`${inputId}-title`} data-testid="inventory">
      <h3 id={`${inputId}-title`}>Host inventory</h3>
      <p className="muted">Hosts, ports, users, credentials, tags and areas of every site as a CSV (columns URN, host, port, user, credential, tags, area; tags separated by ; or |).</p>
      <div className="inventory-actions">
        <button type="button" onClick={() => void exportCsv()} data-testid="inventory-export">
          Export CSV
        </button>
        <input
          ref={input}
          id={inputId}
          type="file"
          accept=".csv,text/csv"
          className="visually-hidden"
          disabled={step.kind !== 'idle'}
          onChange={(e) => void choose(e.target.files?.[0])}
          data-testid="inventory-file"
        />
        <label htmlFor={inputId} className="file-button">
          Import CSV…
        </label>
      </div>
      {message && (
        <p className={message.error ? 'form-error' : 'notice'} role={message.error ? 'alert' : 'status'} data-testid="inventory-message">
          {message.text}
        </p>
      )}
      {step.kind === 'busy' && <p aria-busy="true">{step.what}</p>}
      {step.kind === 'preview' && (
        <div className="inventory-preview" data-testid="inventory-preview">
          <p role="status">
            {step.file}: {step.preview.changed} {step.preview.changed === 1 ? 'site changes' : 'sites change'}, {step.preview.unchanged} unchanged, {step.preview.invalid}{' '}
            {step.preview.invalid === 1 ? 'line cannot be used' : 'lines cannot be used'}.
          </p>
          <InventoryPreviewTable rows={step.preview.rows} />
          <div className="form-actions">
            <button type="button" className="primary" disabled={step.preview.changed === 0} onClick={() => void apply(step.preview)} data-testid="inventory-apply">
              Apply the {step.preview.changed} valid {step.preview.changed === 1 ? 'row' : 'rows'}
            </button>
            <button type="button" onClick={() => fixFirst(step.preview)} data-testid="inventory-fix-first">
              Fix first
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
