// A planned window (server move, MIS upgrade) in which this site is neither alerted on nor
// blamed in uptime. Times are entered in the browser's local time, as people think of them.
import { useState } from 'react';
import { useApi } from '../../api/api-context.tsx';

const HOUR = 3_600_000;

/** A Date as the value of <input type="datetime-local">, in local time. */
function localInput(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function MaintenanceForm({ siteId, onDone }: { siteId: number; onDone: (message: string | null) => void }) {
  const api = useApi();
  const [start, setStart] = useState(() => localInput(Date.now()));
  const [end, setEnd] = useState(() => localInput(Date.now() + 2 * HOUR));
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    const startsAt = new Date(start).getTime();
    const endsAt = new Date(end).getTime();
    if (!Number.isFinite(startsAt) || !Number.isFinite(endsAt)) return setErrors({ endsAt: 'Enter both a start and an end' });
    setBusy(true);
    const r = await api.call('maintenance.add', { siteId, startsAt, endsAt, reason });
    setBusy(false);
    if (r.ok) return onDone(`Maintenance window added, ${start.replace('T', ' ')} to ${end.replace('T', ' ')}`);
    setErrors(r.error.fields ?? { form: r.error.message });
  };

  return (
    <form className="sd-maint" onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }} data-testid="maintenance-form" aria-label="Add a maintenance window">
      <div className="field">
        <label htmlFor="maint-start">Starts</label>
        <input id="maint-start" type="datetime-local" value={start} onChange={(e) => setStart(e.target.value)} required />
      </div>
      <div className={`field${errors['endsAt'] ? ' has-error' : ''}`}>
        <label htmlFor="maint-end">Ends</label>
        <input id="maint-end" type="datetime-local" value={end} onChange={(e) => setEnd(e.target.value)} required aria-describedby={errors['endsAt'] ? 'maint-end-error' : undefined} />
        {errors['endsAt'] && (
          <span id="maint-end-error" className="field-error">
            {errors['endsAt']}
          </span>
        )}
      </div>
      <div className={`field sd-maint-reason${errors['reason'] ? ' has-error' : ''}`}>
        <label htmlFor="maint-reason">Reason</label>
        <input id="maint-reason" value={reason} onChange={(e) => setReason(e.target.value)} placeholder="e.g. SIMS upgrade by the school’s IT" aria-describedby={errors['reason'] ? 'maint-reason-error' : undefined} data-testid="maintenance-reason" />
        {errors['reason'] && (
          <span id="maint-reason-error" className="field-error">
            {errors['reason']}
          </span>
        )}
      </div>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy} data-testid="maintenance-save">
          Add window
        </button>
        <button type="button" onClick={() => onDone(null)}>
          Cancel
        </button>
      </div>
      {errors['form'] && (
        <p className="form-error" role="alert">
          {errors['form']}
        </p>
      )}
    </form>
  );
}
