// Pause, resume, abort (optionally rolling back what it changed) and approve the next wave
// (the rollout's name typed). Only the controls the rollout's state allows are offered.
import { useId, useState } from 'react';
import type { Rollout } from '../../../shared/rollouts.ts';
import { useApi } from '../api/api-context.tsx';
import { useToast } from '../app/toasts.tsx';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { controlsFor, waveLabel } from './rollout-model.ts';

export function RolloutControls({ rollout, onChanged }: { rollout: Rollout; onChanged: () => void }) {
  const api = useApi();
  const toast = useToast();
  const id = useId();
  const can = controlsFor(rollout.state);
  const [dialog, setDialog] = useState<'abort' | 'approve' | null>(null);
  const [rollBack, setRollBack] = useState(true);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);

  const act = async (what: string, call: () => ReturnType<typeof api.call<'rollouts.pause'>>) => {
    setBusy(true);
    const r = await call();
    setBusy(false);
    setDialog(null);
    setTyped('');
    if (!r.ok) toast({ tone: 'bad', title: `Could not ${what}`, body: r.error.message });
    onChanged();
  };

  if (!can.pause && !can.resume && !can.abort && !can.approve) return null;
  return (
    <div className="ro-controls" role="group" aria-label="Rollout controls">
      {can.approve && (
        <button type="button" className="primary" onClick={() => setDialog('approve')} disabled={busy} data-testid="rollout-approve">
          Approve {waveLabel(rollout.wave, rollout.waves).toLowerCase()}…
        </button>
      )}
      {can.pause && (
        <button type="button" onClick={() => void act('pause', () => api.call('rollouts.pause', { id: rollout.id }))} disabled={busy} data-testid="rollout-pause">
          Pause
        </button>
      )}
      {can.resume && (
        <button type="button" className="primary" onClick={() => void act('resume', () => api.call('rollouts.resume', { id: rollout.id }))} disabled={busy} data-testid="rollout-resume" title={rollout.state === 'halted' ? 'Sites not yet done take the template’s newest version' : undefined}>
          Resume
        </button>
      )}
      {can.abort && (
        <button type="button" onClick={() => setDialog('abort')} disabled={busy} data-testid="rollout-abort">
          Abort…
        </button>
      )}
      <ConfirmDialog open={dialog === 'abort'} title={`Abort ${rollout.name}?`} confirmLabel="Abort the rollout" busy={busy} onConfirm={() => void act('abort', () => api.call('rollouts.abort', { id: rollout.id, rollBack }))} onCancel={() => setDialog(null)} testId="rollout-abort-dialog">
        <p>Nothing more is sent. Sites not reached yet keep their config.</p>
        <label className="toggle">
          <input type="checkbox" checked={rollBack} onChange={(e) => setRollBack(e.target.checked)} data-testid="rollout-abort-rollback" />
          Roll back what it changed (each changed site goes back to the config it had)
        </label>
      </ConfirmDialog>
      <ConfirmDialog open={dialog === 'approve'} title={`Approve ${waveLabel(rollout.wave, rollout.waves).toLowerCase()}?`} confirmLabel="Approve" busy={busy || typed.trim() !== rollout.name} onConfirm={() => void act('approve', () => api.call('rollouts.approve', { id: rollout.id, typed: typed.trim() }))} onCancel={() => setDialog(null)} testId="rollout-approve-dialog">
        <div className="field">
          <label htmlFor={`${id}-typed`}>
            Type the rollout’s name, <strong>{rollout.name}</strong>, to let the next wave go
          </label>
          <input id={`${id}-typed`} value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" spellCheck={false} data-testid="rollout-approve-typed" />
        </div>
      </ConfirmDialog>
    </div>
  );
}
