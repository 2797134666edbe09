import { useState } from 'react';
import type { Settings } from '../../../../shared/settings.ts';
import { useApi } from '../../api/api-context.tsx';
import { Field } from './Field.tsx';
import { MaintenanceForm } from './MaintenanceForm.tsx';
import { SaveForm, Section, StatusLine } from './Section.tsx';
import { numberFrom } from './settings-model.ts';
import { useSectionSave, type SectionStatus } from './use-section-save.ts';

interface Draft {
  percent: string;
  minSites: string;
  windowMin: string;
}

const draftOf = (s: Settings): Draft => ({
  percent: String(s.correlation.percent),
  minSites: String(s.correlation.minSites),
  windowMin: String(s.correlation.windowMin),
});

interface Props {
  settings: Settings;
  onSaved: (s: Settings) => void;
  onMuted: (muted: boolean) => void;
}

export function AlertsSection({ settings, onSaved, onMuted }: Props) {
  const [draft, setDraft] = useState(() => draftOf(settings));
  const { saving, errors, status, save } = useSectionSave(onSaved);

  const submit = async () => {
    const saved = await save({ correlation: { percent: numberFrom(draft.percent), minSites: numberFrom(draft.minSites), windowMin: numberFrom(draft.windowMin) } });
    if (saved) setDraft(draftOf(saved));
  };

  return (
    <Section
      id="alerts"
      title="Alerts"
      intro={
        <p>
          When many schools go down together it is usually one cause (the LA's endpoint, the network, a rotated key). The console then raises{' '}
          <strong>one fleet incident</strong> instead of an alert per school.
        </p>
      }
    >
      <MuteToggle muted={settings.notifications.muted} onMuted={onMuted} />
      <SaveForm id="correlation" label="Fleet incident threshold" saving={saving} status={status} onSubmit={submit} saveLabel="Save threshold">
        <h4>Fleet incident threshold</h4>
        <p className="settings-explain">
          Sites that fail for the same reason within the window are grouped when they are more than the given share of the fleet and at least the given number of
          sites. Changes apply when the console next starts.
        </p>
        <div className="settings-grid">
          <Field
            field="correlation.percent"
            label="Share of the fleet"
            unit="%"
            numeric
            width="narrow"
            value={draft.percent}
            onChange={(percent) => setDraft({ ...draft, percent })}
            error={errors['correlation.percent']}
            hint="1 to 100"
          />
          <Field
            field="correlation.minSites"
            label="At least"
            unit="sites"
            numeric
            width="narrow"
            value={draft.minSites}
            onChange={(minSites) => setDraft({ ...draft, minSites })}
            error={errors['correlation.minSites']}
            hint="2 or more, so two failures in a small fleet stay separate"
          />
          <Field
            field="correlation.windowMin"
            label="Within"
            unit="minutes"
            numeric
            width="narrow"
            value={draft.windowMin}
            onChange={(windowMin) => setDraft({ ...draft, windowMin })}
            error={errors['correlation.windowMin']}
            hint="1 to 120"
          />
        </div>
      </SaveForm>
      <MaintenanceForm />
    </Section>
  );
}

/** Takes effect at once (no Save button): muting is what someone reaches for in a hurry. */
function MuteToggle({ muted, onMuted }: { muted: boolean; onMuted: (muted: boolean) => void }) {
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<SectionStatus>({ kind: 'idle' });

  const toggle = async (next: boolean) => {
    setBusy(true);
    const r = await api.call('alerts.mute', { muted: next });
    setBusy(false);
    if (!r.ok) return setStatus({ kind: 'error', message: `Not changed: ${r.error.message}` });
    onMuted(r.data.muted);
    setStatus({ kind: 'saved', message: r.data.muted ? 'All alerts are muted.' : 'Alerts are on.' });
  };

  return (
    <div className={`settings-mute${muted ? ' is-muted' : ''}`}>
      <label className="settings-switch">
        <input type="checkbox" role="switch" checked={muted} disabled={busy} onChange={(e) => void toggle(e.target.checked)} data-testid="mute-all" aria-describedby="settings-mute-hint" />
        <span>Mute all alerts</span>
      </label>
      <p className="field-hint" id="settings-mute-hint">
        {muted ? 'Muted. ' : ''}Polling goes on and incidents are still recorded; only the desktop notifications and pop-ups stop. For planned work, a
        maintenance window (below) is better: it ends by itself.
      </p>
      <StatusLine id="mute" status={status} />
    </div>
  );
}
