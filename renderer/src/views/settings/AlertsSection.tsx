import { useState } from 'react';
import type { Settings } from '../../../../shared/settings.ts';
import { useAppActions } from '../../app/app-actions.tsx';
import { Field } from './Field.tsx';
import { MaintenanceForm } from './MaintenanceForm.tsx';
import { SaveForm, Section } from './Section.tsx';
import { numberFrom } from './settings-model.ts';
import { useSectionSave } from './use-section-save.ts';

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

export function AlertsSection({ settings, onSaved }: { settings: Settings; onSaved: (s: Settings) => void }) {
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
      <MuteToggle />
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

/**
 * Takes effect at once (no Save button): muting is what someone reaches for in a hurry.
 * The state is the shell's, so this switch and the header's bell always agree.
 */
function MuteToggle() {
  const { muted, setMuted } = useAppActions();
  const [busy, setBusy] = useState(false);

  const toggle = async (next: boolean) => {
    setBusy(true);
    try {
      await setMuted(next);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className={`settings-mute${muted ? ' is-muted' : ''}`}>
      <label className="settings-switch">
        <input
          type="checkbox"
          role="switch"
          checked={muted === true}
          disabled={busy || muted === null}
          onChange={(e) => void toggle(e.target.checked)}
          data-testid="mute-all"
          aria-describedby="settings-mute-hint"
        />
        <span>Mute all alerts</span>
      </label>
      <p className="settings-status" role="status" data-testid="status-mute">
        {muted === null ? '' : muted ? 'Alerts are muted for all sites.' : 'Alerts are on.'}
      </p>
      <p className="field-hint" id="settings-mute-hint">
        Polling goes on and incidents are still recorded; only the desktop notifications and pop-ups stop. For planned work, a maintenance window (below) is
        better: it ends by itself.
      </p>
    </div>
  );
}
