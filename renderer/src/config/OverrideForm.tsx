// A new or changed override: what it applies to (an area, a tag or one site), the settings
// it sets, and the note that goes with every change.
import { useId, useMemo, useState } from 'react';
import { NoteSchema, OVERRIDE_SCOPES, type Override, type OverrideScope } from '../../../shared/fleet-config.ts';
import { useApi } from '../api/api-context.tsx';
import { useToast } from '../app/toasts.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { useFleetSites } from '../fleet/use-fleet.ts';
import { atFields, emptyForm, fieldsFromForm, formFromFields, type FieldsForm } from './config-form.ts';
import { FieldsEditor } from './FieldsEditor.tsx';

const SCOPE_WORDS: Record<OverrideScope, string> = { area: 'An area', tag: 'A tag', site: 'One site' };

export function OverrideForm({ override, onDone }: { override: Override | null; onDone: () => void }) {
  const api = useApi();
  const toast = useToast();
  const id = useId();
  const sites = useFleetSites();
  const [scope, setScope] = useState<OverrideScope>(override?.scope ?? 'area');
  const [key, setKey] = useState(override?.key ?? '');
  const [form, setForm] = useState<FieldsForm>(() => (override ? formFromFields(override.fields) : emptyForm()));
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const choices = useMemo(() => {
    if (scope === 'site') return sites.map((s) => ({ value: String(s.id), label: `${s.name} (${s.urn})` }));
    const set = new Set<string>();
    for (const s of sites) {
      if (scope === 'area' && s.area) set.add(s.area);
      if (scope === 'tag') for (const t of s.tags) set.add(t);
    }
    return [...set].sort((a, b) => a.localeCompare(b)).map((v) => ({ value: v, label: v }));
  }, [scope, sites]);
  const chosenKey = key || choices[0]?.value || '';

  const save = async () => {
    const parsed = fieldsFromForm(form);
    const checkedNote = NoteSchema.safeParse(note);
    if (!parsed.ok || !checkedNote.success || chosenKey === '') {
      setErrors({ ...(parsed.ok ? {} : parsed.errors), ...(checkedNote.success ? {} : { note: checkedNote.error.issues[0]?.message ?? 'Say what changed and why' }), ...(chosenKey === '' ? { key: 'Choose what it applies to' } : {}) });
      setFailure('Nothing was saved: correct the fields marked.');
      return;
    }
    setSaving(true);
    const r = await api.call('config.saveOverride', { scope, key: chosenKey, fields: parsed.fields, note: checkedNote.data });
    setSaving(false);
    if (!r.ok) {
      setErrors(atFields(r.error.fields ?? {}));
      setFailure(r.error.message);
      return;
    }
    toast({ tone: 'ok', title: `Saved the override for ${r.data.label}`, body: 'No school changes until a rollout sends it.' });
    onDone();
  };

  return (
    <form
      className="cfg-override-form"
      data-testid="override-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h4>{override ? `Override for ${override.label}` : 'New override'}</h4>
      <div className="cfg-row">
        <label className="ui-inline-field">
          Applies to
          <select
            value={scope}
            disabled={override !== null}
            onChange={(e) => {
              setScope(e.target.value as OverrideScope);
              setKey('');
            }}
            data-testid="override-scope"
          >
            {OVERRIDE_SCOPES.map((s) => (
              <option key={s} value={s}>
                {SCOPE_WORDS[s]}
              </option>
            ))}
          </select>
        </label>
        <label className="ui-inline-field">
          <span className="visually-hidden">Which</span>
          <select value={chosenKey} disabled={override !== null || choices.length === 0} onChange={(e) => setKey(e.target.value)} aria-invalid={errors.key ? true : undefined} data-testid="override-key">
            {choices.length === 0 && <option value="">None in the register</option>}
            {choices.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
        </label>
        {errors.key && (
          <span className="field-error" data-testid="error-key">
            {errors.key}
          </span>
        )}
      </div>
      <FieldsEditor form={form} onChange={setForm} errors={errors} layer="override" />
      <div className={`field cfg-note${errors.note ? ' has-error' : ''}`}>
        <label htmlFor={`${id}-note`}>What changed and why (required)</label>
        <textarea id={`${id}-note`} rows={2} value={note} onChange={(e) => setNote(e.target.value)} aria-invalid={errors.note ? true : undefined} aria-describedby={errors.note ? `${id}-note-error` : undefined} data-testid="override-note" />
        {errors.note && (
          <span className="field-error" id={`${id}-note-error`} data-testid="error-note">
            {errors.note}
          </span>
        )}
      </div>
      {failure && (
        <ErrorNotice title="Not saved" testId="override-save-error">
          <p>{failure}</p>
        </ErrorNotice>
      )}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={saving} data-testid="override-save">
          {saving ? 'Saving…' : 'Save override'}
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
