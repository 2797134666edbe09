import { useState } from 'react';
import { channels } from '../../../../shared/contract.ts';
import { useApi } from '../../api/api-context.tsx';
import { Field } from './Field.tsx';
import { SaveForm } from './Section.tsx';
import { issuesToFields, type FieldErrors } from './settings-model.ts';
import type { SectionStatus } from './use-section-save.ts';

/** A datetime-local value (local time, to the minute) for a moment. */
function localInput(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

const HOUR = 3_600_000;
const startOfNextHour = () => Math.ceil(Date.now() / HOUR) * HOUR;

/** A window for the whole fleet, e.g. the night the LA's endpoint moves: failures then raise no incidents. */
export function MaintenanceForm() {
  const api = useApi();
  const [draft, setDraft] = useState(() => ({ start: localInput(startOfNextHour()), end: localInput(startOfNextHour() + 2 * HOUR), reason: '' }));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [status, setStatus] = useState<SectionStatus>({ kind: 'idle' });
  const [saving, setSaving] = useState(false);

  const submit = async () => {
    const request = { siteId: null, startsAt: new Date(draft.start).getTime(), endsAt: new Date(draft.end).getTime(), reason: draft.reason };
    const local: FieldErrors = {};
    if (!draft.start) local.startsAt = 'Enter when it starts';
    if (!draft.end) local.endsAt = 'Enter when it ends';
    const parsed = channels['maintenance.add'].request.safeParse(request);
    const all = { ...(parsed.success ? {} : issuesToFields(parsed.error.issues)), ...local };
    setErrors(all);
    if (Object.keys(all).length > 0) return setStatus({ kind: 'error', message: 'Not planned: check the highlighted fields.' });
    setSaving(true);
    const r = await api.call('maintenance.add', request);
    setSaving(false);
    if (!r.ok) {
      setErrors(r.error.fields ?? {});
      return setStatus({ kind: 'error', message: `Not planned: ${r.error.message}` });
    }
    const when = (ms: number) => new Date(ms).toLocaleString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
    setStatus({ kind: 'saved', message: `Planned: ${when(request.startsAt)} to ${when(request.endsAt)}.` });
    setDraft({ ...draft, reason: '' });
  };

  return (
    <SaveForm id="maintenance" label="Fleet maintenance window" saving={saving} status={status} onSubmit={submit} saveLabel="Plan the window">
      <h4>Fleet maintenance window</h4>
      <p className="settings-explain">
        For planned work that takes every school offline at once (a data centre move, the switch to a new endpoint). Sites are still polled and show
        &ldquo;maintenance&rdquo;; no incidents or alerts are raised until the window ends. Times are this computer&rsquo;s local time.
      </p>
      <div className="settings-grid">
        <Field field="startsAt" label="Starts" type="datetime-local" value={draft.start} onChange={(start) => setDraft({ ...draft, start })} error={errors.startsAt} />
        <Field field="endsAt" label="Ends" type="datetime-local" value={draft.end} onChange={(end) => setDraft({ ...draft, end })} error={errors.endsAt} />
        <Field field="reason" label="Reason" width="wide" value={draft.reason} onChange={(reason) => setDraft({ ...draft, reason })} error={errors.reason} hint="Shown in the audit log, e.g. “Move to One SaaS endpoint”" />
      </div>
    </SaveForm>
  );
}
