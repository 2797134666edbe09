// One template: its settings (each may be left to the site), a note on every save, a preview
// of what any site would get, who follows it, its versions, and "Roll out vN…". A save names
// the version it was made from, so two people editing at once cannot overwrite each other.
import { useId, useMemo, useState } from 'react';
import { NoteSchema, TemplateNameSchema, type Template } from '../../../shared/fleet-config.ts';
import { useApi } from '../api/api-context.tsx';
import { useToast } from '../app/toasts.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { formatLondonShort } from '../components/format.ts';
import { Panel } from '../components/Panel.tsx';
import { atFields, emptyForm, fieldsFromForm, formFromFields, type FieldsForm } from './config-form.ts';
import { AssignPanel } from './AssignPanel.tsx';
import { FieldsEditor } from './FieldsEditor.tsx';
import { SitePreview } from './SitePreview.tsx';
import { TemplateRollouts } from './TemplateRollouts.tsx';
import { VersionHistory } from './VersionHistory.tsx';

interface Props {
  /** null: a new template. */
  template: Template | null;
  onSaved: (t: Template) => void;
  onRollOut: (t: Template) => void;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function TemplateEditor({ template: latest, onSaved, onRollOut }: Props) {
  const api = useApi();
  // The version being edited: a save names it, and is refused if someone saved after it.
  const [template, setTemplate] = useState<Template | null>(latest);
  const newer = latest !== null && template !== null && latest.version > template.version ? latest : null;
  const toast = useToast();
  const id = useId();
  const [name, setName] = useState('');
  const [form, setForm] = useState<FieldsForm>(() => (template ? formFromFields(template.fields) : emptyForm()));
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saveError, setSaveError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const parsed = useMemo(() => fieldsFromForm(form), [form]);
  const draft = parsed.ok ? parsed.fields : null;
  const dirty = template === null || !parsed.ok || !same(parsed.fields, template.fields);
  const title = template ? template.name : 'New template';

  const change = (next: FieldsForm) => {
    setForm(next);
    setErrors({});
    setSaveError(null);
  };

  const save = async () => {
    const local: Record<string, string> = parsed.ok ? {} : { ...parsed.errors };
    const checkedName = TemplateNameSchema.safeParse(template ? template.name : name);
    if (!checkedName.success) local.name = checkedName.error.issues[0]?.message ?? 'A template needs a name';
    const checkedNote = NoteSchema.safeParse(note);
    if (!checkedNote.success) local.note = checkedNote.error.issues[0]?.message ?? 'Say what changed and why';
    if (!parsed.ok || !checkedName.success || !checkedNote.success) {
      setErrors(local);
      setSaveError('Nothing was saved: correct the fields marked.');
      return;
    }
    setSaving(true);
    const r = await api.call('config.saveTemplate', { name: checkedName.data, fields: parsed.fields, note: checkedNote.data, baseVersion: template?.version ?? 0 });
    setSaving(false);
    if (!r.ok) {
      setErrors(atFields(r.error.fields ?? {}));
      setSaveError(r.error.message);
      return;
    }
    setNote('');
    setErrors({});
    setSaveError(null);
    toast({ tone: 'ok', title: `Saved ${r.data.name} v${r.data.version}`, body: 'No school changes until the template is rolled out.' });
    setTemplate(r.data);
    onSaved(r.data);
  };

  return (
    <div className="cfg-editor" data-testid="template-editor" data-template={template?.name ?? ''} data-version={template?.version ?? 0}>
      {template && <TemplateRollouts template={template.name} />}
      <Panel
        title={template ? `${title} · v${template.version}` : title}
        testId="template-fields"
        actions={
          template && (
            <button type="button" className="primary" onClick={() => onRollOut(template)} disabled={dirty || newer !== null} title={dirty ? 'Save your changes first: a rollout takes a saved version' : undefined} data-testid="template-rollout">
              Roll out v{template.version}…
            </button>
          )
        }
      >
        {newer && (
          <div className="notice" role="status" data-testid="template-newer">
            {newer.author} saved v{newer.version} after the version you are editing (v{template?.version}): a save from here would be refused.{' '}
            <button
              type="button"
              className="link-button"
              onClick={() => {
                setTemplate(newer);
                change(formFromFields(newer.fields));
              }}
            >
              Load v{newer.version}
            </button>
          </div>
        )}
        {template && (
          <p className="muted small cfg-saved-by">
            v{template.version} saved by {template.author}, {formatLondonShort(template.createdAt)}: “{template.note}”
          </p>
        )}
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
          noValidate
        >
          {!template && (
            <div className={`field cfg-field${errors.name ? ' has-error' : ''}`}>
              <label htmlFor={`${id}-name`}>Name</label>
              <input id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} aria-invalid={errors.name ? true : undefined} aria-describedby={errors.name ? `${id}-name-error` : undefined} data-testid="template-name" autoComplete="off" />
              {errors.name && (
                <span className="field-error" id={`${id}-name-error`} data-testid="error-name">
                  {errors.name}
                </span>
              )}
            </div>
          )}
          <FieldsEditor form={form} onChange={change} errors={errors} layer="template" />
          <div className={`field cfg-note${errors.note ? ' has-error' : ''}`}>
            <label htmlFor={`${id}-note`}>What changed and why (required)</label>
            <textarea id={`${id}-note`} rows={2} value={note} onChange={(e) => setNote(e.target.value)} aria-invalid={errors.note ? true : undefined} aria-describedby={errors.note ? `${id}-note-error` : `${id}-note-hint`} data-testid="template-note" />
            {errors.note ? (
              <span className="field-error" id={`${id}-note-error`} data-testid="error-note">
                {errors.note}
              </span>
            ) : (
              <span className="field-hint" id={`${id}-note-hint`}>
                Kept with the version and in the audit trail, e.g. “Move to the One SaaS endpoint (cabinet decision 14/11)”.
              </span>
            )}
          </div>
          {saveError && (
            <ErrorNotice title="Not saved" testId="template-save-error">
              <p>{saveError}</p>
            </ErrorNotice>
          )}
          <div className="form-actions">
            <button type="submit" className="primary" disabled={saving} data-testid="template-save">
              {saving ? 'Saving…' : template ? `Save as v${template.version + 1}` : 'Save v1'}
            </button>
          </div>
        </form>
      </Panel>
      <Panel title="Preview the desired config for a site" testId="template-preview-panel">
        <SitePreview template={template?.name ?? (name.trim() || 'New template')} draft={draft} />
      </Panel>
      {template && (
        <>
          <Panel title="Sites that follow it">
            <AssignPanel template={template.name} following={latest?.sites ?? template.sites} />
          </Panel>
          <Panel title="Version history">
            <VersionHistory
              name={template.name}
              onStartFrom={(t) => {
                change(formFromFields(t.fields));
                setNote(`Back to v${t.version}: `);
              }}
            />
          </Panel>
        </>
      )}
    </div>
  );
}
