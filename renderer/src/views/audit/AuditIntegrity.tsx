// Verify the hash chain, and export what the filters show with a checkpoint to note down.
import { useState } from 'react';
import type { AuditVerification, Checkpoint } from '../../../../shared/audit.ts';
import { useApi } from '../../api/api-context.tsx';
import { downloadText } from '../reports/download.ts';
import { checkpointText, verificationText, type AuditQuery } from './audit-model.ts';

type Busy = 'verify' | 'csv' | 'jsonl' | null;

export function AuditIntegrity({ query, onShowEntry }: { query: AuditQuery; onShowEntry: (id: number) => void }) {
  const api = useApi();
  const [busy, setBusy] = useState<Busy>(null);
  const [verification, setVerification] = useState<AuditVerification | null>(null);
  const [exported, setExported] = useState<{ filename: string; count: number; checkpoint: Checkpoint | null } | null>(null);
  const [error, setError] = useState<string | null>(null);

  const verify = async () => {
    setBusy('verify');
    const r = await api.call('audit.verify', {});
    setBusy(null);
    setError(r.ok ? null : `Could not verify: ${r.error.message}`);
    setVerification(r.ok ? r.data : null);
  };
  const exportAs = async (format: 'csv' | 'jsonl') => {
    setBusy(format);
    const r = await api.call('audit.export', { format, filter: query });
    setBusy(null);
    if (!r.ok) return setError(`Could not export: ${r.error.message}`);
    setError(null);
    downloadText(r.data.filename, r.data.text, format === 'csv' ? 'text/csv;charset=utf-8' : 'application/x-ndjson;charset=utf-8', format === 'csv');
    setExported({ filename: r.data.filename, count: r.data.count, checkpoint: r.data.checkpoint });
  };

  const bad = verification?.firstBad ?? null;
  return (
    <section className="au-integrity" aria-label="Integrity and export" data-testid="audit-integrity">
      <div className="au-toolbar">
        <button type="button" onClick={() => void verify()} disabled={busy !== null} aria-busy={busy === 'verify'} data-testid="audit-verify">
          Verify the chain
        </button>
        <button type="button" onClick={() => void exportAs('csv')} disabled={busy !== null} aria-busy={busy === 'csv'} data-testid="audit-export-csv">
          Export CSV
        </button>
        <button type="button" onClick={() => void exportAs('jsonl')} disabled={busy !== null} aria-busy={busy === 'jsonl'} data-testid="audit-export-jsonl">
          Export JSONL
        </button>
        <span className="ui-muted">Exports hold the entries the filters show, oldest first, then a checkpoint of the whole trail.</span>
      </div>
      {verification && !bad && (
        <p className="au-intact" role="status" data-testid="audit-verify-result" data-state="intact">
          {verificationText(verification)}
        </p>
      )}
      {bad && verification && (
        <div className="au-tampered" role="alert" data-testid="audit-verify-result" data-state="tampered">
          <strong>{verificationText(verification)}</strong>
          <p>Entries from #{bad.id} on cannot be trusted. Keep this database as it is and compare it with your last export.</p>
          <button type="button" onClick={() => onShowEntry(bad.id)} data-testid="audit-show-bad">
            Show entry #{bad.id}
          </button>
        </div>
      )}
      {exported && (
        <p className="au-exported" role="status" data-testid="audit-export-result">
          Saved {exported.count} {exported.count === 1 ? 'entry' : 'entries'} as {exported.filename}. <span data-testid="audit-checkpoint">{checkpointText(exported.checkpoint)}</span>
        </p>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
