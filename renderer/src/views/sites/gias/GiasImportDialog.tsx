// "Import from GIAS…": pick the extract (the desktop's native picker or a browser upload),
// send it with a progress bar, watch the core read it, then preview and apply. Nothing is
// written until Apply, and Apply writes exactly what the preview showed.
import { useEffect, useId, useRef, useState } from 'react';
import type { GiasPreview } from '../../../../../shared/register.ts';
import { useApi } from '../../../api/api-context.tsx';
import { uploadFile } from '../../../api/upload.ts';
import { GiasPreviewView } from './GiasPreviewView.tsx';
import './gias.css';

type Stage =
  | { kind: 'pick' }
  | { kind: 'busy'; what: string; done: number; total: number }
  | { kind: 'preview'; preview: GiasPreview }
  | { kind: 'done'; message: string };

export function GiasImportDialog({ open, onClose }: { open: boolean; onClose: (message: string | null) => void }) {
  const api = useApi();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const fileId = useId();
  const laId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [includeClosed, setIncludeClosed] = useState(false);
  const [laCode, setLaCode] = useState<string>('');
  const [uploadId, setUploadId] = useState<string | null>(null);
  const [stage, setStage] = useState<Stage>({ kind: 'pick' });
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  useEffect(
    () =>
      api.on('register.progress', (e) => {
        if (e.uploadId === uploadId) setStage({ kind: 'busy', what: 'Reading the extract', done: e.bytes, total: e.total });
      }),
    [api, uploadId],
  );

  const reset = () => {
    if (uploadId) void api.call('files.discard', { id: uploadId });
    setUploadId(null);
    setFile(null);
    setLaCode('');
    setStage({ kind: 'pick' });
    setError(null);
  };
  const close = (message: string | null) => {
    reset();
    onClose(message);
  };

  const runPreview = async () => {
    if (!file) return setError('Choose a GIAS extract (CSV) first');
    setError(null);
    try {
      let id = uploadId;
      if (!id) {
        setStage({ kind: 'busy', what: 'Sending the file', done: 0, total: file.size });
        id = await uploadFile(api, file, (done, total) => setStage({ kind: 'busy', what: 'Sending the file', done, total }));
        setUploadId(id);
      }
      setStage({ kind: 'busy', what: 'Reading the extract', done: 0, total: file.size });
      const r = await api.call('register.previewGias', { uploadId: id, laCode: laCode || null, includeClosed });
      if (!r.ok) {
        setError(r.error.message);
        return setStage({ kind: 'pick' });
      }
      setLaCode(r.data.laCode ?? '');
      setStage({ kind: 'preview', preview: r.data });
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setUploadId(null);
      setStage({ kind: 'pick' });
    }
  };

  const apply = async (p: GiasPreview) => {
    if (!p.previewId) return;
    setStage({ kind: 'busy', what: 'Applying', done: 0, total: 0 });
    const r = await api.call('register.applyGias', { previewId: p.previewId });
    if (!r.ok) {
      setError(r.error.message);
      return setStage({ kind: 'preview', preview: p });
    }
    setUploadId(null); // the core has let the file go
    setStage({ kind: 'done', message: `GIAS import applied: ${r.data.created} new, ${r.data.changed} changed, ${r.data.unchanged} unchanged` });
  };

  const preview = stage.kind === 'preview' ? stage.preview : null;
  const needsLa = preview !== null && preview.previewId === null;
  return (
    <dialog ref={ref} className="ui-dialog gias-dialog" aria-labelledby={titleId} onCancel={() => close(null)} data-testid="gias-dialog">
      <h3 id={titleId}>Import from GIAS</h3>
      {error && (
        <p className="form-error" role="alert" data-testid="gias-error">
          {error}
        </p>
      )}
      {(stage.kind === 'pick' || preview) && (
        <div className="gias-pick">
          <div className="field">
            <label htmlFor={fileId}>GIAS establishment extract (CSV)</label>
            <input
              id={fileId}
              type="file"
              accept=".csv,text/csv"
              data-testid="gias-file"
              onChange={(e) => {
                if (uploadId) void api.call('files.discard', { id: uploadId });
                setUploadId(null);
                setFile(e.target.files?.[0] ?? null);
                setStage({ kind: 'pick' });
              }}
            />
          </div>
          {preview && preview.las.length > 1 && (
            <div className="field">
              <label htmlFor={laId}>Local authority</label>
              <select id={laId} value={laCode} onChange={(e) => setLaCode(e.target.value)} data-testid="gias-la">
                <option value="">Choose…</option>
                {preview.las.map((l) => (
                  <option key={l.code} value={l.code}>
                    {l.code} {l.name ?? ''} ({l.count})
                  </option>
                ))}
              </select>
            </div>
          )}
          <label className="gias-check">
            <input type="checkbox" checked={includeClosed} onChange={(e) => setIncludeClosed(e.target.checked)} data-testid="gias-include-closed" /> Include closed establishments
          </label>
        </div>
      )}
      {stage.kind === 'busy' && (
        <div className="gias-busy" aria-live="polite">
          <label>
            {stage.what}…
            <progress max={stage.total || undefined} value={stage.total ? stage.done : undefined} data-testid="gias-progress" />
          </label>
        </div>
      )}
      {needsLa && <p data-testid="gias-needs-la">This file holds {preview.las.length} local authorities: choose yours, then preview again.</p>}
      {preview && !needsLa && <GiasPreviewView p={preview} />}
      {stage.kind === 'done' && (
        <p role="status" data-testid="gias-done">
          {stage.message}
        </p>
      )}
      <div className="ui-dialog-actions">
        <button type="button" onClick={() => close(stage.kind === 'done' ? stage.message : null)} data-testid="gias-close">
          {stage.kind === 'done' ? 'Close' : 'Cancel'}
        </button>
        {stage.kind !== 'done' && (
          <button type="button" className={preview?.previewId ? undefined : 'primary'} onClick={() => void runPreview()} disabled={stage.kind === 'busy' || !file} data-testid="gias-preview-button">
            {preview ? 'Preview again' : 'Preview'}
          </button>
        )}
        {preview?.previewId && (
          <button type="button" className="primary" onClick={() => void apply(preview)} data-testid="gias-apply">
            Apply
          </button>
        )}
      </div>
    </dialog>
  );
}
