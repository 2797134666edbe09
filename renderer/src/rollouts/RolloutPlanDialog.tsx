// Planning a rollout of a template: the choices, then "Preview", which plans it as a draft
// in the core (rollouts.plan) and shows what would change, grouped, the wave sizes and who
// is left out and why. Only that preview can be started, with its site count typed. A draft
// that is replaced, or left when the dialog closes, is discarded.
import { useEffect, useId, useRef, useState } from 'react';
import type { Template } from '../../../shared/fleet-config.ts';
import type { RolloutPreview } from '../../../shared/rollouts.ts';
import { useApi } from '../api/api-context.tsx';
import { navigate, rolloutRoute } from '../app/router.ts';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { useFleetSelection } from '../fleet/selection.ts';
import { DiffGroups } from './DiffGroups.tsx';
import { PlanFields } from './PlanFields.tsx';
import { DEFAULT_PLAN, planErrors, planInput, type PlanForm } from './rollout-form.ts';
import { waveLabel } from './rollout-model.ts';
import '../actions/actions.css';
import './rollouts.css';

export function RolloutPlanDialog({ template, onClose }: { template: Template; onClose: () => void }) {
  const api = useApi();
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  const selection = useFleetSelection();
  const [form, setForm] = useState<PlanForm>(() => ({ ...DEFAULT_PLAN, scope: selection.size > 0 && template.sites === 0 ? 'selection' : 'all' }));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [preview, setPreview] = useState<RolloutPreview | null>(null);
  const [busy, setBusy] = useState<'preview' | 'start' | null>(null);
  const [typed, setTyped] = useState('');
  const draftRef = useRef<number | null>(null);
  const startedRef = useRef(false);

  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => {
      d?.close();
      // A draft nobody started is thrown away, not left lying in the list.
      if (draftRef.current !== null && !startedRef.current) void api.call('rollouts.discard', { id: draftRef.current });
    };
  }, [api]);

  const discardDraft = () => {
    if (draftRef.current !== null) void api.call('rollouts.discard', { id: draftRef.current });
    draftRef.current = null;
    setPreview(null);
    setTyped('');
  };

  const change = (patch: Partial<PlanForm>) => {
    setForm((f) => ({ ...f, ...patch }));
    setErrors({});
    setFailure(null);
    if (preview) discardDraft();
  };

  const runPreview = async () => {
    const p = planInput(form, template.name, [...selection]);
    if (!p.ok) {
      setErrors(p.errors);
      return;
    }
    setBusy('preview');
    const r = await api.call('rollouts.plan', p.input);
    setBusy(null);
    if (!r.ok) {
      setErrors(planErrors(r.error.fields ?? {}));
      setFailure(r.error.message);
      return;
    }
    draftRef.current = r.data.rollout.id;
    setPreview(r.data);
  };

  const start = async () => {
    if (!preview) return;
    setBusy('start');
    const r = await api.call('rollouts.start', { id: preview.rollout.id, confirmCount: Number(typed.trim()) });
    setBusy(null);
    if (!r.ok) {
      setErrors(r.error.fields ?? {});
      setFailure(r.error.message);
      return;
    }
    startedRef.current = true;
    onClose();
    navigate(rolloutRoute(r.data.id));
  };

  const n = preview?.confirmCount ?? 0;
  const typedOk = preview !== null && typed.trim() === String(n) && n > 0;
  return (
    <dialog ref={ref} className="action-dialog ro-plan-dialog" aria-labelledby={`${id}-title`} onClose={onClose} data-testid="rollout-plan">
      <form
        method="dialog"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (typedOk) void start();
        }}
      >
        <h2 id={`${id}-title`}>
          Roll out {template.name} v{template.version}
        </h2>
        <p className="muted small">The template’s settings (with each site’s overrides) go out in stages; each stage is checked before the next. Nothing is sent until you start it.</p>
        <PlanFields form={form} onChange={change} errors={errors} following={template.sites} selected={selection.size} />
        {!preview && (
          <div className="form-actions">
            <button type="button" className="primary" onClick={() => void runPreview()} disabled={busy !== null} data-testid="rollout-preview">
              {busy === 'preview' ? 'Working out the changes…' : 'Preview'}
            </button>
          </div>
        )}
        {failure && (
          <ErrorNotice title={preview ? 'The rollout was not started' : 'Could not plan the rollout'} testId="rollout-plan-error">
            <p>{failure}</p>
          </ErrorNotice>
        )}
        {preview && (
          <div className="ad-preview ro-preview" data-testid="rollout-preview-result" data-rollout-id={preview.rollout.id}>
            <h3 className="ad-subhead" data-testid="rollout-preview-count" data-count={n}>
              {n === 1 ? '1 site changes' : `${n} sites change`}
            </h3>
            <DiffGroups preview={preview} />
            <h4 className="ad-subhead">Stages</h4>
            <ol className="ro-wave-sizes" data-testid="rollout-wave-sizes">
              {preview.waveSizes.map((size, i) => (
                <li key={i}>
                  {waveLabel(i, preview.waveSizes.length)}: {size === 1 ? '1 site' : `${size} sites`}
                </li>
              ))}
            </ol>
            {preview.rollout.skipped.length > 0 && (
              <details className="ad-note ad-skipped" data-testid="rollout-skipped">
                <summary>
                  <strong>{preview.rollout.skipped.length === 1 ? '1 site is left out' : `${preview.rollout.skipped.length} sites are left out`}</strong>
                </summary>
                <ul>
                  {preview.rollout.skipped.map((s) => (
                    <li key={s.siteId}>
                      <strong>{s.siteName}</strong>: {s.why}
                    </li>
                  ))}
                </ul>
              </details>
            )}
          </div>
        )}
        {preview && n > 0 && (
          <div className={`ad-confirm field${errors.confirmCount ? ' has-error' : ''}`}>
            <label htmlFor={`${id}-confirm`}>
              This changes {n === 1 ? '1 site' : `${n} sites`}. Type {n} to start
            </label>
            <input
              id={`${id}-confirm`}
              value={typed}
              inputMode="numeric"
              autoComplete="off"
              onChange={(e) => setTyped(e.target.value)}
              aria-invalid={errors.confirmCount ? true : undefined}
              aria-describedby={errors.confirmCount ? `${id}-confirm-error` : undefined}
              data-testid="rollout-confirm-count"
            />
            {errors.confirmCount && (
              <span className="field-error" id={`${id}-confirm-error`}>
                {errors.confirmCount}
              </span>
            )}
          </div>
        )}
        <div className="form-actions ad-actions">
          {preview && (
            <button type="button" onClick={discardDraft} data-testid="rollout-discard">
              Discard this plan
            </button>
          )}
          <button type="button" onClick={onClose} data-testid="rollout-cancel">
            Cancel
          </button>
          {preview && (
            <button type="submit" className="primary" disabled={!typedOk || busy !== null} data-testid="rollout-start">
              {busy === 'start' ? 'Starting…' : `Start: ${n === 1 ? '1 site' : `${n} sites`}`}
            </button>
          )}
        </div>
      </form>
    </dialog>
  );
}
