import { useId, useState, type SyntheticEvent } from 'react';
import type { Site } from '../../../../shared/site.ts';
import { useApi } from '../../api/api-context.tsx';
import { emptyForm, errorsByField, formFromSite, siteInputFromForm, validateForm, type FormField, type FormValues } from './site-form-model.ts';

const LABELS: Record<FormField, string> = {
  urn: 'URN', laestab: 'LAESTAB', name: 'Name', typeGroup: 'Type group', type: 'Type', phase: 'Phase', trust: 'Trust',
  area: 'Area', pupils: 'Pupils', latitude: 'Latitude', longitude: 'Longitude', host: 'Host', port: 'Port', user: 'SSH user', tags: 'Tags', notes: 'Notes',
};
const HINTS: Partial<Record<FormField, string>> = {
  urn: 'Six digits, from GIAS', laestab: 'e.g. 999/2000', tags: 'Comma-separated', typeGroup: 'e.g. Academies',
  notes: 'Your team\'s own notes: a GIAS re-import never changes them',
};
const GROUPS: { legend: string; fields: FormField[] }[] = [
  { legend: 'School', fields: ['urn', 'laestab', 'name', 'typeGroup', 'type', 'phase', 'trust', 'area', 'pupils'] },
  { legend: 'Location', fields: ['latitude', 'longitude'] },
  { legend: 'Agent connection', fields: ['host', 'port', 'user', 'tags'] },
  { legend: 'Notes', fields: ['notes'] },
];

export function SiteForm({ site, onDone }: { site: Site | null; onDone: (saved: Site | null) => void }) {
  const api = useApi();
  const formId = useId();
  const [values, setValues] = useState<FormValues>(site ? formFromSite(site) : emptyForm);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const waiting = site !== null && site.host === null;
  const submit = async (e: SyntheticEvent) => {
    e.preventDefault();
    const local = validateForm(values, waiting);
    setErrors(local);
    setFormError(null);
    if (Object.keys(local).length > 0) return;
    setSaving(true);
    const input = siteInputFromForm(values, waiting);
    const r = site ? await api.call('sites.update', { id: site.id, site: input }) : await api.call('sites.create', { site: input });
    setSaving(false);
    if (r.ok) return onDone(r.data);
    setErrors(errorsByField(r.error.fields ?? {}));
    setFormError(r.error.message);
  };

  return (
    <form className="site-form" onSubmit={(e) => void submit(e)} aria-labelledby={`${formId}-title`} data-testid="site-form" noValidate>
      <h2 id={`${formId}-title`}>{site ? `Edit ${site.name}` : 'Add a site'}</h2>
      {formError && (
        <p className="form-error" role="alert" data-testid="form-error">
          {formError}
        </p>
      )}
      {GROUPS.map((g) => (
        <fieldset key={g.legend}>
          <legend>{g.legend}</legend>
          {g.fields.map((f) => {
            const id = `${formId}-${f}`;
            const err = errors[f];
            return (
              <div className={`field${err ? ' has-error' : ''}`} key={f}>
                <label htmlFor={id}>{LABELS[f]}</label>
                {f === 'notes' ? (
                  <textarea
                    id={id}
                    name={f}
                    data-testid={`field-${f}`}
                    value={values[f]}
                    rows={3}
                    aria-invalid={err ? true : undefined}
                    aria-describedby={err ? `${id}-error` : `${id}-hint`}
                    onChange={(e) => setValues({ ...values, [f]: e.target.value })}
                  />
                ) : (
                  <input
                    id={id}
                    name={f}
                    data-testid={`field-${f}`}
                    value={values[f]}
                    inputMode={['urn', 'port', 'pupils'].includes(f) ? 'numeric' : undefined}
                    aria-invalid={err ? true : undefined}
                    aria-describedby={err ? `${id}-error` : HINTS[f] ? `${id}-hint` : undefined}
                    onChange={(e) => setValues({ ...values, [f]: e.target.value })}
                  />
                )}
                {err ? (
                  <span className="field-error" id={`${id}-error`} data-testid={`error-${f}`}>
                    {err}
                  </span>
                ) : (
                  HINTS[f] && (
                    <span className="field-hint" id={`${id}-hint`}>
                      {HINTS[f]}
                    </span>
                  )
                )}
              </div>
            );
          })}
        </fieldset>
      ))}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={saving} data-testid="save-site">
          {saving ? 'Saving…' : site ? 'Save changes' : 'Add site'}
        </button>
        <button type="button" onClick={() => onDone(null)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
