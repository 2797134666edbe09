// "Import term dates…": an LA's .ics or CSV goes up in chunks, the core says what it holds
// and what it would change, and only Apply saves. Text from the file is shown as React text.
import { useRef, useState, type ChangeEvent } from 'react';
import type { Settings } from '../../../../shared/settings.ts';
import type { TermImportPreview } from '../../../../shared/term-import.ts';
import { useApi } from '../../api/api-context.tsx';
import { uploadFile } from '../../api/upload.ts';
import { TermImportPreviewView } from './TermImportPreview.tsx';

type State = { kind: 'idle' } | { kind: 'busy'; message: string } | { kind: 'preview'; preview: TermImportPreview } | { kind: 'error'; message: string } | { kind: 'done'; message: string };

export function TermImport({ onImported }: { onImported: (s: Settings) => void }) {
  const api = useApi();
  const input = useRef<HTMLInputElement>(null);
  const [state, setState] = useState<State>({ kind: 'idle' });

  const choose = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    setState({ kind: 'busy', message: `Reading ${file.name}…` });
    try {
      const uploadId = await uploadFile(api, file);
      const r = await api.call('calendar.previewImport', { uploadId });
      if (!r.ok) {
        void api.call('files.discard', { id: uploadId });
        setState({ kind: 'error', message: `${file.name} was not imported: ${r.error.message}` });
      } else setState({ kind: 'preview', preview: r.data });
    } catch (err) {
      setState({ kind: 'error', message: `${file.name} could not be sent: ${(err as Error).message}` });
    }
  };

  const apply = async (p: TermImportPreview) => {
    setState({ kind: 'busy', message: 'Saving the term dates…' });
    const r = await api.call('calendar.applyImport', { uploadId: p.uploadId, basis: p.basis });
    if (!r.ok) return setState({ kind: 'error', message: `Not saved: ${r.error.message}` });
    onImported(r.data);
    setState({ kind: 'done', message: `Saved ${p.terms.length} terms and ${p.closures.length} closure days from ${p.fileName} for ${p.years.join(', ')}.` });
  };

  const cancel = (p: TermImportPreview) => {
    void api.call('files.discard', { id: p.uploadId });
    setState({ kind: 'idle' });
  };

  return (
    <div className="term-import" data-testid="term-import">
      <p className="settings-explain">
        Import the LA's published term dates: an iCalendar file (.ics, e.g. exported from the LA's website or Outlook) or a CSV with the columns{' '}
        <code>type,name,start,end</code> (type is term, half-term, holiday or closure; dates as YYYY-MM-DD or DD/MM/YYYY). You see what was found before
        anything is saved.
      </p>
      <input ref={input} id="term-import-file" type="file" accept=".ics,.ical,.csv,text/calendar,text/csv" className="visually-hidden" aria-label="Term dates file (.ics or .csv)" tabIndex={-1} onChange={(e) => void choose(e)} data-testid="term-import-file" />
      <button type="button" onClick={() => input.current?.click()} disabled={state.kind === 'busy' || state.kind === 'preview'} data-testid="term-import-choose">
        Import term dates…
      </button>
      <p role="status" className="settings-status ok" data-testid="term-import-status">
        {state.kind === 'busy' ? state.message : state.kind === 'done' ? `✓ ${state.message}` : null}
      </p>
      {state.kind === 'error' && (
        <p role="alert" className="settings-status bad" data-testid="term-import-error">
          <span aria-hidden="true">⚠ </span>
          {state.message}
        </p>
      )}
      {state.kind === 'preview' && <TermImportPreviewView preview={state.preview} onApply={() => void apply(state.preview)} onCancel={() => cancel(state.preview)} />}
    </div>
  );
}
