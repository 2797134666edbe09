// The settings a template or an override may set, each with its own "not set here" (the site
// keeps its own value): a blank text field, no day ticked, or "Not set" in a menu. Errors
// from the core's `fields` map are shown at the field they name.
import { useId, useState, type ReactNode } from 'react';
import { DATASET_LABELS, DATASETS, type Dataset } from '../../../shared/protocol/v1.ts';
import { DAY_SHORT, LOG_LEVELS, type FieldsForm, type LogLevel } from './config-form.ts';

interface Props {
  form: FieldsForm;
  onChange: (form: FieldsForm) => void;
  errors: Record<string, string>;
  /** "template" or "override": the words of the hints. */
  layer: string;
  readOnly?: boolean;
}

function FieldError({ id, field, error }: { id: string; field: string; error: string | undefined }) {
  if (!error) return null;
  return (
    <span className="field-error" id={id} data-testid={`error-${field}`}>
      {error}
    </span>
  );
}

function TextSetting({ field, label, value, onChange, error, hint, readOnly, wide }: { field: string; label: string; value: string; onChange: (v: string) => void; error: string | undefined; hint: ReactNode; readOnly: boolean; wide?: boolean }) {
  const id = useId();
  return (
    <div className={`field cfg-field${wide ? ' wide' : ''}${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        value={value}
        placeholder="Not set: each site keeps its own"
        readOnly={readOnly}
        spellCheck={false}
        autoComplete="off"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : `${id}-hint`}
        onChange={(e) => onChange(e.target.value)}
        data-testid={`field-${field}`}
      />
      {error ? <FieldError id={`${id}-error`} field={field} error={error} /> : <span className="field-hint" id={`${id}-hint`}>{hint}</span>}
    </div>
  );
}

function DaysSetting({ dataset, days, onChange, error, readOnly }: { dataset: Dataset; days: number[] | null; onChange: (d: number[]) => void; error: string | undefined; readOnly: boolean }) {
  const id = useId();
  const label = `${DATASET_LABELS[dataset]} days`;
  return (
    <fieldset className={`cfg-days${error ? ' has-error' : ''}`} aria-describedby={error ? `${id}-error` : undefined} data-testid={`field-days.${dataset}`}>
      <legend className="visually-hidden">{label}</legend>
      {DAY_SHORT.map((name, i) => {
        const day = i + 1;
        const on = days?.includes(day) ?? false;
        return (
          <label key={name} className="cfg-day">
            <input type="checkbox" checked={on} disabled={readOnly} onChange={() => onChange(on ? (days ?? []).filter((d) => d !== day) : [...(days ?? []), day])} aria-label={`${label}: ${name}`} />
            <span aria-hidden="true">{name}</span>
          </label>
        );
      })}
      <FieldError id={`${id}-error`} field={`days.${dataset}`} error={error} />
    </fieldset>
  );
}

export function FieldsEditor({ form, onChange, errors, layer, readOnly = false }: Props) {
  const id = useId();
  const set = (patch: Partial<FieldsForm>) => onChange({ ...form, ...patch });
  const text = (v: string) => ({ set: v.trim() !== '', value: v });
  // "Through a proxy" with the box still empty stays chosen while the person types.
  const [proxyChosen, setProxyChosen] = useState(false);
  const proxyMode = !form.proxy.set ? 'unset' : form.proxy.value.trim() !== '' || proxyChosen ? 'proxy' : 'none';
  return (
    <div className="cfg-fields" data-testid="fields-editor">
      <p className="muted small cfg-fields-hint">Leave a setting blank (or “Not set”) and each site keeps its own value; what the {layer} sets replaces it.</p>
      <TextSetting field="endpointUrl" label="Endpoint URL" value={form.endpointUrl.value} onChange={(v) => set({ endpointUrl: text(v) })} error={errors.endpointUrl} hint="The LA endpoint every agent sends to, https:// only" readOnly={readOnly} wide />
      <TextSetting field="schoolId" label="School ID (LAESTAB)" value={form.schoolId.value} onChange={(v) => set({ schoolId: text(v) })} error={errors.schoolId} hint={`Rarely set in a ${layer}: each school has its own 7 digits`} readOnly={readOnly} />
      <table className="ui-table cfg-schedule" aria-label="Schedule per dataset">
        <thead>
          <tr>
            <th scope="col">Dataset</th>
            <th scope="col">Times (HH:MM, comma between)</th>
            <th scope="col">Days</th>
          </tr>
        </thead>
        <tbody>
          {DATASETS.map((d) => {
            const timesError = errors[`schedule.${d}`];
            return (
              <tr key={d}>
                <th scope="row">{DATASET_LABELS[d]}</th>
                <td className={timesError ? 'has-error' : undefined}>
                  <input
                    value={form.times[d].value}
                    placeholder="Not set"
                    readOnly={readOnly}
                    spellCheck={false}
                    autoComplete="off"
                    aria-label={`${DATASET_LABELS[d]} times`}
                    aria-invalid={timesError ? true : undefined}
                    aria-describedby={timesError ? `${id}-t-${d}` : undefined}
                    onChange={(e) => set({ times: { ...form.times, [d]: text(e.target.value) } })}
                    data-testid={`field-schedule.${d}`}
                  />
                  <FieldError id={`${id}-t-${d}`} field={`schedule.${d}`} error={timesError} />
                </td>
                <td>
                  <DaysSetting dataset={d} days={form.days[d].set ? form.days[d].value : null} onChange={(v) => set({ days: { ...form.days, [d]: { set: v.length > 0, value: v } } })} error={errors[`days.${d}`]} readOnly={readOnly} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="muted small">No day ticked: each site keeps its own days for that dataset.</p>
      <fieldset className={`cfg-enabled${errors.enabled ? ' has-error' : ''}`} data-testid="field-enabled">
        <legend>Datasets enabled</legend>
        <label className="toggle">
          <input type="checkbox" checked={form.enabled.set} disabled={readOnly} onChange={(e) => set({ enabled: { ...form.enabled, set: e.target.checked } })} data-testid="set-enabled" />
          Set which datasets are sent (otherwise each site keeps its own)
        </label>
        {form.enabled.set && (
          <div className="cfg-enabled-list">
            {DATASETS.map((d) => {
              const on = form.enabled.value.includes(d);
              return (
                <label key={d} className="toggle">
                  <input type="checkbox" checked={on} disabled={readOnly} onChange={() => set({ enabled: { set: true, value: on ? form.enabled.value.filter((x) => x !== d) : [...form.enabled.value, d] } })} />
                  {DATASET_LABELS[d]}
                </label>
              );
            })}
          </div>
        )}
        <FieldError id={`${id}-enabled`} field="enabled" error={errors.enabled} />
      </fieldset>
      <div className="cfg-row">
        <div className={`field cfg-field${errors.logLevel ? ' has-error' : ''}`}>
          <label htmlFor={`${id}-log`}>Log level</label>
          <select id={`${id}-log`} value={form.logLevel.set ? form.logLevel.value : ''} disabled={readOnly} onChange={(e) => set({ logLevel: e.target.value === '' ? { ...form.logLevel, set: false } : { set: true, value: e.target.value as LogLevel } })} data-testid="field-logLevel">
            <option value="">Not set</option>
            {LOG_LEVELS.map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
          <FieldError id={`${id}-log-error`} field="logLevel" error={errors.logLevel} />
        </div>
        <div className={`field cfg-field${errors.proxy ? ' has-error' : ''}`}>
          <label htmlFor={`${id}-proxy-mode`}>Proxy</label>
          <span className="cfg-proxy">
            <select id={`${id}-proxy-mode`} value={proxyMode} disabled={readOnly} onChange={(e) => {
                setProxyChosen(e.target.value === 'proxy');
                set({ proxy: { set: e.target.value !== 'unset', value: e.target.value === 'proxy' ? form.proxy.value : '' } });
              }} data-testid="field-proxy-mode">
              <option value="unset">Not set</option>
              <option value="none">No proxy</option>
              <option value="proxy">Through a proxy</option>
            </select>
            {proxyMode === 'proxy' && (
              <input
                value={form.proxy.value}
                readOnly={readOnly}
                spellCheck={false}
                aria-label="Proxy host:port"
                placeholder="proxy.example.net:8080"
                aria-invalid={errors.proxy ? true : undefined}
                aria-describedby={errors.proxy ? `${id}-proxy-error` : undefined}
                onChange={(e) => set({ proxy: { set: true, value: e.target.value } })}
                data-testid="field-proxy"
              />
            )}
          </span>
          <FieldError id={`${id}-proxy-error`} field="proxy" error={errors.proxy} />
        </div>
      </div>
    </div>
  );
}
