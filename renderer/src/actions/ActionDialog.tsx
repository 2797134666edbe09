// Preview first: every change of action or option asks the core what the run would do, and
// only that preview can be confirmed. Large runs need the site count typed, as the core does.
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { ActionPreview } from '../../../shared/actions.ts';
import type { RequestOf } from '../../../shared/contract.ts';
import { DATASET_LABELS, DATASETS, type Dataset } from '../../../shared/protocol/v1.ts';
import { useApi } from '../api/api-context.tsx';
import { navigate, runRoute } from '../app/router.ts';
import { Busy } from '../components/Busy.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { SegmentedControl } from '../components/SegmentedControl.tsx';
import type { ActionTarget } from './action-dialog-context.tsx';
import { actionTitle, DIALOG_KINDS, initialForm, pacingOf, paramsOf, type ActionForm } from './action-form.ts';
import { DialogField } from './DialogField.tsx';
import { PreviewSummary } from './PreviewSummary.tsx';
import './actions.css';

const DEFAULT_CONCURRENCY = 16;

export function ActionDialog({ target, onClose }: { target: ActionTarget; onClose: () => void }) {
  const api = useApi();
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  const [form, setForm] = useState<ActionForm>(() => initialForm(target.preset, DEFAULT_CONCURRENCY));
  const concurrencyTouched = useRef(false);
  const [preview, setPreview] = useState<{ data: ActionPreview; key: string } | { error: string; key: string } | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [startError, setStartError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);

  const siteIds = useMemo<RequestOf<'actions.preview'>['siteIds']>(() => (target.siteIds === 'all' ? 'all' : [...target.siteIds]), [target.siteIds]);
  const many = siteIds === 'all' || siteIds.length > 1;
  const params = useMemo(() => paramsOf({ kind: form.kind, dataset: form.dataset }), [form.kind, form.dataset]);
  const previewKey = `${JSON.stringify(params)}|${String(form.whenBack)}`;

  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);

  useEffect(() => {
    let live = true;
    void api.call('settings.get', {}).then((r) => {
      if (live && r.ok && !concurrencyTouched.current) setForm((f) => ({ ...f, concurrency: String(r.data.actions.concurrency) }));
    });
    return () => {
      live = false;
    };
  }, [api]);

  useEffect(() => {
    let live = true;
    const key = `${JSON.stringify(params)}|${String(form.whenBack)}`;
    void api.call('actions.preview', { params, siteIds, whenBack: form.whenBack, pacing: {} }).then((r) => {
      if (live) setPreview(r.ok ? { data: r.data, key } : { error: r.error.message, key });
    });
    return () => {
      live = false;
    };
  }, [api, params, siteIds, form.whenBack]);

  const set = (patch: Partial<ActionForm>) => {
    setForm((f) => ({ ...f, ...patch }));
    setErrors({});
    setStartError(null);
  };

  const current = preview && preview.key === previewKey && 'data' in preview ? preview.data : null;
  const confirmCount = current?.confirmCount ?? null;
  const typedOk = confirmCount === null || form.typedCount.trim() === String(confirmCount);
  const canRun = current !== null && current.sites.length > 0 && typedOk && !starting;

  const start = async () => {
    const { pacing, errors: local } = pacingOf(form);
    if (Object.keys(local).length > 0) return setErrors(local);
    setStarting(true);
    const request: RequestOf<'actions.start'> = { params, siteIds, whenBack: form.whenBack, pacing: many ? pacing : {} };
    if (confirmCount !== null) request.confirmCount = Number(form.typedCount.trim());
    const r = await api.call('actions.start', request);
    setStarting(false);
    if (r.ok) {
      onClose();
      navigate(runRoute(r.data.id));
      return;
    }
    setErrors(r.error.fields ?? {});
    setStartError(r.error.message);
  };

  const title = actionTitle(form);
  const n = current?.sites.length ?? 0;
  const verb = DIALOG_KINDS.find((k) => k.kind === form.kind)?.label ?? 'Run';
  return (
    <dialog ref={ref} className="action-dialog" aria-labelledby={`${id}-title`} onClose={onClose} data-testid="action-dialog">
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          if (canRun) void start();
        }}
      >
        <h2 id={`${id}-title`}>{title}</h2>
        <div className="ad-choice">
          <SegmentedControl label="Action" value={form.kind} options={DIALOG_KINDS.map((k) => ({ value: k.kind, label: k.label }))} onChange={(kind) => set({ kind })} testId="action-kind" />
          {form.kind === 'resync' && (
            <label className="ui-inline-field">
              Data
              <select value={form.dataset} onChange={(e) => set({ dataset: e.target.value as Dataset | 'all' })} data-testid="action-dataset">
                <option value="all">All datasets</option>
                {DATASETS.map((d) => (
                  <option key={d} value={d}>
                    {DATASET_LABELS[d]}
                  </option>
                ))}
              </select>
            </label>
          )}
        </div>
        {preview === null || preview.key !== previewKey ? (
          <Busy label="Checking which sites this would reach…" testId="action-preview-busy" />
        ) : 'error' in preview ? (
          <ErrorNotice title="Could not preview this action" testId="action-preview-error">
            <p>{preview.error}</p>
          </ErrorNotice>
        ) : (
          <PreviewSummary preview={preview.data} />
        )}
        {form.kind !== 'diag' && (
          <label className="toggle ad-when-back">
            <input type="checkbox" checked={form.whenBack} onChange={(e) => set({ whenBack: e.target.checked })} data-testid="action-when-back" />
            Run when each site is next seen (instead of now)
          </label>
        )}
        {many && (
          <fieldset className="ad-pacing" data-testid="action-pacing">
            <legend>Pacing</legend>
            <DialogField
              name="concurrency"
              label="Sites at once"
              value={form.concurrency}
              onChange={(v) => {
                concurrencyTouched.current = true;
                set({ concurrency: v });
              }}
              error={errors['pacing.concurrency']}
            />
            <DialogField name="waveSize" label="Wave size" value={form.waveSize} onChange={(v) => set({ waveSize: v })} error={errors['pacing.waveSize']} hint="Blank: all in one wave" unit="sites" />
            <DialogField name="wavePauseS" label="Pause between waves" value={form.wavePauseS} onChange={(v) => set({ wavePauseS: v })} error={errors['pacing.wavePauseS']} unit="seconds" />
          </fieldset>
        )}
        {confirmCount !== null && (
          <div className="ad-confirm">
            <DialogField
              name="confirmCount"
              label={`This reaches ${confirmCount} sites. Type ${confirmCount} to confirm`}
              value={form.typedCount}
              onChange={(v) => set({ typedCount: v })}
              error={errors.confirmCount}
            />
          </div>
        )}
        {startError && (
          <ErrorNotice title="The action was not started" testId="action-start-error">
            <p>{startError}</p>
          </ErrorNotice>
        )}
        <div className="form-actions ad-actions">
          <button type="button" onClick={onClose} data-testid="action-cancel">
            Cancel
          </button>
          <button type="submit" className="primary" disabled={!canRun} data-testid="action-run">
            {starting ? 'Starting…' : `${verb}: ${n === 1 ? '1 site' : `${n} sites`}`}
          </button>
        </div>
      </form>
    </dialog>
  );
}
