import { useState } from 'react';
import type { Settings } from '../../../../shared/settings.ts';
import { Field } from './Field.tsx';
import { SaveForm, Section } from './Section.tsx';
import { numberFrom } from './settings-model.ts';
import { useSectionSave } from './use-section-save.ts';

export function ActionsSection({ settings, onSaved }: { settings: Settings; onSaved: (s: Settings) => void }) {
  const [concurrency, setConcurrency] = useState(String(settings.actions.concurrency));
  const [waitHours, setWaitHours] = useState(String(settings.actions.waitHours));
  const [verifyMin, setVerifyMin] = useState(String(settings.actions.verifyWindowMin));
  const { saving, errors, status, save } = useSectionSave(onSaved);

  const submit = async () => {
    await save({ actions: { concurrency: numberFrom(concurrency), waitHours: numberFrom(waitHours), verifyWindowMin: numberFrom(verifyMin) } });
  };

  return (
    <Section
      id="actions"
      title="Remote actions"
      intro={
        <p>
          How restarts and resyncs run on many schools at once, how long one waits for a school whose server is switched off, and how long a change has
          to show in the polls after it before it counts as not cleared. A run can set its own pace when it starts.
        </p>
      }
    >
      <SaveForm id="actions" label="Remote actions" saving={saving} status={status} onSubmit={submit}>
        <div className="settings-grid">
          <Field field="actions.concurrency" label="Schools acted on at once" unit="sites" numeric width="narrow" value={concurrency} onChange={setConcurrency} error={errors['actions.concurrency']} hint="1 to 256. The default for a new run." />
          <Field field="actions.waitHours" label="Wait for a school that is off" unit="hours" numeric width="narrow" value={waitHours} onChange={setWaitHours} error={errors['actions.waitHours']} hint="1 to 336. 72 covers a weekend." />
          <Field field="actions.verifyWindowMin" label="Time for a change to show" unit="minutes" numeric width="narrow" value={verifyMin} onChange={setVerifyMin} error={errors['actions.verifyWindowMin']} hint="1 to 1440. A resync needs its transfer to finish in this time." />
        </div>
      </SaveForm>
    </Section>
  );
}
