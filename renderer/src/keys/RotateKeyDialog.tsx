// "Rotate key…" over the fleet selection: choose the saved key to put on (new) and the one
// to take off (old), then "Preview" says how many sites rotate and which cannot, and why.
// Nothing is sent to a school until "Start rotation".
import { useEffect, useId, useRef, useState } from 'react';
import type { CredentialInfoView } from '../../../shared/contract.ts';
import type { RotationPreview } from '../../../shared/key-rotation.ts';
import { useApi } from '../api/api-context.tsx';
import { navigate, rotationRoute } from '../app/router.ts';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import '../actions/actions.css';
import './keys.css';

const plural = (n: number, one: string, many: string): string => (n === 1 ? `1 ${one}` : `${n} ${many}`);

export function RotateKeyDialog({ siteIds, onClose }: { siteIds: readonly number[]; onClose: () => void }) {
  const api = useApi();
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  const [keys, setKeys] = useState<CredentialInfoView[] | null>(null);
  const [oldId, setOldId] = useState('');
  const [newId, setNewId] = useState('');
  const [preview, setPreview] = useState<RotationPreview | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);

  useEffect(() => {
    void api.call('credentials.list', {}).then((r) => {
      if (!r.ok) return setFailure(r.error.message);
      setKeys(r.data);
      // The key most sites use now is usually "default"; the new one is the newest other key.
      const old = r.data.find((c) => c.name === 'default') ?? r.data[0];
      const fresh = [...r.data].filter((c) => c.id !== old?.id).sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
      setOldId(old ? String(old.id) : '');
      setNewId(fresh ? String(fresh.id) : '');
    });
  }, [api]);

  const input = () => ({ siteIds: [...siteIds], oldCredentialId: Number(oldId), newCredentialId: Number(newId) });
  const change = (set: (v: string) => void) => (e: React.ChangeEvent<HTMLSelectElement>) => {
    set(e.target.value);
    setPreview(null);
    setErrors({});
    setFailure(null);
  };

  const runPreview = async () => {
    if (oldId === '' || newId === '') return setErrors({ newCredentialId: 'Choose two saved keys' });
    setBusy(true);
    const r = await api.call('keys.rotationPreview', input());
    setBusy(false);
    if (!r.ok) {
      setErrors(r.error.fields ?? {});
      return setFailure(r.error.message);
    }
    setPreview(r.data);
  };

  const start = async () => {
    setBusy(true);
    const r = await api.call('keys.rotationStart', input());
    setBusy(false);
    if (!r.ok) return setFailure(r.error.message);
    onClose();
    navigate(rotationRoute(r.data.id));
  };

  const select = (field: 'oldCredentialId' | 'newCredentialId', label: string, hint: string, value: string, set: (v: string) => void) => (
    <div className={`field${errors[field] ? ' has-error' : ''}`}>
      <label htmlFor={`${id}-${field}`}>{label}</label>
      <select id={`${id}-${field}`} value={value} onChange={change(set)} aria-describedby={`${id}-${field}-hint`} data-testid={`rotate-${field === 'oldCredentialId' ? 'old' : 'new'}`}>
        <option value="">Choose a saved key…</option>
        {(keys ?? []).map((k) => (
          <option key={k.id} value={k.id}>
            {k.name}
          </option>
        ))}
      </select>
      <span className="muted small" id={`${id}-${field}-hint`}>
        {hint}
      </span>
      {errors[field] && <span className="field-error">{errors[field]}</span>}
    </div>
  );

  return (
    <dialog ref={ref} className="action-dialog rk-dialog" aria-labelledby={`${id}-title`} onClose={onClose} data-testid="rotate-key-dialog">
      <form method="dialog" noValidate onSubmit={(e) => e.preventDefault()}>
        <h2 id={`${id}-title`}>Rotate the console key on {plural(siteIds.length, 'site', 'sites')}</h2>
        <p className="muted small">
          For each school: the new key is added to the agent, a fresh login with it is proven, the site switches to it, and only then is the old key taken off. A school whose proof fails keeps
          its old key.
        </p>
        {keys !== null && keys.length < 2 && <p className="ad-note">Save the new key in Settings first: a rotation needs two saved keys.</p>}
        {select('newCredentialId', 'New key (put on)', 'A key saved in Settings; its public half is added to each agent.', newId, setNewId)}
        {select('oldCredentialId', 'Old key (take off)', 'The key the sites log in with now; removed once the new one is proven.', oldId, setOldId)}
        {!preview && (
          <div className="form-actions">
            <button type="button" className="primary" onClick={() => void runPreview()} disabled={busy || keys === null} data-testid="rotate-preview">
              Preview
            </button>
          </div>
        )}
        {failure && (
          <ErrorNotice title="Could not rotate" testId="rotate-error">
            <p>{failure}</p>
          </ErrorNotice>
        )}
        {preview && (
          <div className="ad-preview" data-testid="rotate-preview-result">
            <h3 className="ad-subhead" data-testid="rotate-ready-count" data-count={preview.ready.length}>
              {plural(preview.ready.length, 'site rotates', 'sites rotate')} from {preview.oldName} to {preview.newName}
            </h3>
            <p className="muted small rk-fp">
              New key {preview.newFingerprint}; old key {preview.oldFingerprint}
            </p>
            {preview.cannot.length > 0 && (
              <div className="ad-note" data-testid="rotate-cannot">
                <strong>{plural(preview.cannot.length, 'site cannot rotate', 'sites cannot rotate')}</strong>
                <ul>
                  {preview.cannot.map((s) => (
                    <li key={s.siteId}>
                      <strong>{s.name}</strong>: {s.reason}
                    </li>
                  ))}
                </ul>
              </div>
            )}
          </div>
        )}
        <div className="form-actions ad-actions">
          <button type="button" onClick={onClose} data-testid="rotate-cancel">
            Cancel
          </button>
          {preview && (
            <button type="button" className="primary" onClick={() => void start()} disabled={busy || preview.ready.length === 0} data-testid="rotate-start">
              Start rotation: {plural(preview.ready.length, 'site', 'sites')}
            </button>
          )}
        </div>
      </form>
    </dialog>
  );
}
