// What someone can do about this site right now, each with its own progress and outcome.
import { useState } from 'react';
import type { SiteStatus } from '../../../../shared/fleet.ts';
import { useApi } from '../../api/api-context.tsx';
import { useOpenActionDialog } from '../../actions/action-dialog-context.tsx';
import { Busy } from '../../components/Busy.tsx';
import { MaintenanceForm } from './MaintenanceForm.tsx';

type Working = 'poll' | 'mute' | null;

export function SiteActions({ siteId, status, onChanged }: { siteId: number; status: SiteStatus; onChanged: () => void }) {
  const api = useApi();
  const [working, setWorking] = useState<Working>(null);
  const [notice, setNotice] = useState<{ text: string; bad: boolean } | null>(null);
  const [maintOpen, setMaintOpen] = useState(false);
  const openAction = useOpenActionDialog();

  const pollNow = async () => {
    setWorking('poll');
    const r = await api.call('poll.now', { ids: [siteId] });
    setWorking(null);
    setNotice(r.ok ? { text: 'Polled just now.', bad: false } : { text: `Poll failed: ${r.error.message}`, bad: true });
    onChanged();
  };
  const toggleMute = async () => {
    setWorking('mute');
    const r = await api.call('alerts.mute', { siteId, muted: !status.alertsMuted });
    setWorking(null);
    setNotice(r.ok ? { text: r.data.muted ? 'Alerts muted for this site. Polling goes on.' : 'Alerts are on again for this site.', bad: false } : { text: r.error.message, bad: true });
    onChanged();
  };

  return (
    <div className="sd-actions-wrap">
      <div className="sd-actions" role="group" aria-label="Actions">
        <button type="button" className="primary" onClick={() => void pollNow()} disabled={working !== null} data-testid="action-poll">
          Poll now
        </button>
        <button type="button" onClick={() => void toggleMute()} disabled={working !== null} aria-pressed={status.alertsMuted} data-testid="action-mute">
          {status.alertsMuted ? 'Unmute alerts' : 'Mute alerts'}
        </button>
        <button type="button" onClick={() => setMaintOpen(!maintOpen)} aria-expanded={maintOpen} data-testid="action-maintenance">
          Add maintenance window
        </button>
      </div>
      <div className="sd-actions" role="group" aria-label="Remote actions">
        <button type="button" onClick={() => openAction({ siteIds: [siteId], preset: { kind: 'restart' } })} data-testid="action-restart">
          Restart…
        </button>
        <button type="button" onClick={() => openAction({ siteIds: [siteId], preset: { kind: 'resync', dataset: 'all' } })} data-testid="action-resync">
          Resync…
        </button>
        <button type="button" onClick={() => openAction({ siteIds: [siteId], preset: { kind: 'diag' } })} data-testid="action-diag">
          Diagnostics…
        </button>
      </div>
      {working === 'poll' && <Busy label="Polling the agent…" testId="poll-busy" />}
      {working === 'mute' && <Busy label="Saving…" />}
      {notice && working === null && (
        <p className={notice.bad ? 'form-error' : 'ui-ok-text'} role={notice.bad ? 'alert' : 'status'} data-testid="action-notice">
          {notice.text}
        </p>
      )}
      {maintOpen && (
        <MaintenanceForm
          siteId={siteId}
          onDone={(message) => {
            setMaintOpen(false);
            if (message) {
              setNotice({ text: message, bad: false });
              onChanged();
            }
          }}
        />
      )}
    </div>
  );
}
