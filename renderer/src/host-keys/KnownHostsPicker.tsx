// Checks the waiting keys against a known_hosts file the school's IT supplied: uploaded
// through the chunked upload, read by the core; unreadable lines are listed by number.
import { useId, useState, type ChangeEvent } from 'react';
import type { KnownHostsCheck } from '../../../shared/host-keys.ts';
import { useApi } from '../api/api-context.tsx';
import { uploadFile } from '../api/upload.ts';
import { Busy } from '../components/Busy.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';

export function KnownHostsPicker({ check, onChecked }: { check: KnownHostsCheck | null; onChecked: (c: KnownHostsCheck) => void }) {
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const hintId = useId();

  const pick = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const uploadId = await uploadFile(api, file);
      const r = await api.call('hostkeys.checkKnownHosts', { uploadId });
      if (r.ok) onChecked(r.data);
      else setError(r.error.message);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="hk-known" data-testid="hostkeys-known-hosts">
      <label className="hk-filepick">
        Check against a known_hosts file…
        <input type="file" className="visually-hidden" onChange={(e) => void pick(e)} aria-describedby={hintId} data-testid="hostkeys-known-hosts-file" />
      </label>
      <span id={hintId} className="ui-muted">
        The OpenSSH known_hosts the school’s IT gave you: each waiting key then shows whether the file vouches for it.
      </span>
      {busy && <Busy label="Reading the file…" />}
      {error && <ErrorNotice title="The file was not checked">{error}</ErrorNotice>}
      {check && (
        <div className="hk-known-result" data-testid="hostkeys-known-hosts-result">
          <p>
            <strong>{check.file}</strong>: {check.entries === 1 ? '1 key' : `${check.entries} keys`} read
            {check.problems.length > 0 && `; ${check.problems.length === 1 ? '1 line' : `${check.problems.length} lines`} could not be read`}.
          </p>
          {check.problems.length > 0 && (
            <ul className="hk-problems" data-testid="hostkeys-known-hosts-problems">
              {check.problems.slice(0, 50).map((p) => (
                <li key={p.line}>
                  Line {p.line}: {p.message}
                </li>
              ))}
              {check.problems.length > 50 && <li>… and {check.problems.length - 50} more</li>}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
