import { useId, useState, type ChangeEvent } from 'react';
import { channels } from '../../../../shared/contract.ts';
import { useApi } from '../../api/api-context.tsx';
import { Field } from './Field.tsx';
import { SaveForm } from './Section.tsx';
import { issuesToFields, type FieldErrors } from './settings-model.ts';
import type { SectionStatus } from './use-section-save.ts';

const KeyRequest = channels['credentials.save'].request;

/** Adds or replaces a key. The secret lives in this form's state only until it is sent. */
export function KeyForm({ existing, onSaved }: { existing: readonly string[]; onSaved: () => void }) {
  const api = useApi();
  const keyId = useId();
  const [name, setName] = useState('default');
  const [privateKey, setPrivateKey] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [status, setStatus] = useState<SectionStatus>({ kind: 'idle' });
  const [saving, setSaving] = useState(false);
  const replacing = existing.includes(name.trim());
  // Warn once a key is pasted, not while the form merely shows the usual name.
  const warnReplace = replacing && privateKey.trim() !== '';

  const submit = async () => {
    const request = passphrase === '' ? { name, privateKey } : { name, privateKey, passphrase };
    const parsed = KeyRequest.safeParse(request);
    if (!parsed.success) {
      setErrors(issuesToFields(parsed.error.issues));
      return setStatus({ kind: 'error', message: 'Nothing was saved: check the highlighted fields.' });
    }
    setErrors({});
    setSaving(true);
    setStatus({ kind: 'idle' });
    const r = await api.call('credentials.save', parsed.data);
    setSaving(false);
    if (!r.ok) {
      // Bad key or wrong passphrase come back as validation with the field named.
      setErrors(r.error.fields ?? {});
      return setStatus({ kind: 'error', message: `Not saved: ${r.error.message}` });
    }
    setPrivateKey('');
    setPassphrase('');
    setStatus({ kind: 'saved', message: `Saved "${r.data.name}". Copy its public key onto the school servers.` });
    onSaved();
  };

  const readFile = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    if (file.size > 16 * 1024) return setErrors({ ...errors, privateKey: 'That file is too big to be a private key' });
    void file.text().then(setPrivateKey);
  };

  return (
    <SaveForm id="credential" label="Add or replace a key" saving={saving} status={status} onSubmit={submit} saveLabel={replacing ? 'Replace key' : 'Save key'}>
      <h4>Add or replace a key</h4>
      <div className="settings-grid">
        <Field field="name" label="Name" width="narrow" value={name} onChange={setName} error={errors.name} hint="“default” is used for all real sites." />
        <Field
          field="passphrase"
          label="Passphrase (if the key has one)"
          type="password"
          autoComplete="new-password"
          value={passphrase}
          onChange={setPassphrase}
          error={errors.passphrase}
        />
      </div>
      <div className={`field settings-field wide${errors.privateKey ? ' has-error' : ''}`}>
        <label htmlFor={keyId}>Private key</label>
        <textarea
          id={keyId}
          className="mono settings-keytext"
          rows={6}
          value={privateKey}
          placeholder={'-----BEGIN OPENSSH PRIVATE KEY-----\n…\n-----END OPENSSH PRIVATE KEY-----'}
          autoComplete="off"
          spellCheck={false}
          data-testid="field-privateKey"
          aria-invalid={errors.privateKey ? true : undefined}
          aria-describedby={errors.privateKey ? `${keyId}-error` : `${keyId}-hint`}
          onChange={(e) => setPrivateKey(e.target.value)}
        />
        {errors.privateKey ? (
          <span className="field-error" id={`${keyId}-error`} data-testid="error-privateKey">
            {errors.privateKey}
          </span>
        ) : (
          <span className="field-hint" id={`${keyId}-hint`}>
            Paste the whole file (e.g. id_ed25519), or{' '}
            <label className="settings-filepick">
              choose the key file
              <input type="file" className="visually-hidden" onChange={readFile} data-testid="key-file" />
            </label>
            . OpenSSH and PEM keys work; export a PuTTY key from PuTTYgen with Conversions → Export OpenSSH key.
          </span>
        )}
      </div>
      {warnReplace && (
        <p className="settings-warning" data-testid="replace-warning">
          <span aria-hidden="true">⚠ </span>A key named “{name.trim()}” exists and will be replaced. Sites sign in with the new key from their next poll, so put its
          public key on the school servers first.
        </p>
      )}
    </SaveForm>
  );
}
