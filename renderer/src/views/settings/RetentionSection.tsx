import { useState } from 'react';
import type { Settings } from '../../../../shared/settings.ts';
import { Field } from './Field.tsx';
import { SaveForm, Section } from './Section.tsx';
import { formatMb, hourlyRollupMb, HOURLY_MB_PER_DAY_PER_1000_SITES, numberFrom } from './settings-model.ts';
import { useSectionSave } from './use-section-save.ts';

export function RetentionSection({ settings, siteCount, onSaved }: { settings: Settings; siteCount: number; onSaved: (s: Settings) => void }) {
  const [raw, setRaw] = useState(String(settings.retention.rawHours));
  const [hourly, setHourly] = useState(String(settings.retention.hourlyDays));
  const { saving, errors, status, save } = useSectionSave(onSaved);

  const submit = async () => {
    await save({ retention: { rawHours: numberFrom(raw), hourlyDays: numberFrom(hourly) } });
  };
  const days = numberFrom(hourly);
  // With no sites registered yet, a figure for 1,000 sites is more use than "0 MB".
  const sites = siteCount > 0 ? siteCount : 1000;

  return (
    <Section
      id="retention"
      title="History and database size"
      intro={
        <>
          <p>
            The console keeps every poll result for a short time, then hourly summaries for a season, then daily summaries for five years. Uptime reports and
            charts read the summaries, so shortening the raw window loses no report.
          </p>
          <p>
            <strong>The trade-off is database size:</strong> hourly summaries cost about {HOURLY_MB_PER_DAY_PER_1000_SITES} MB a day per 1,000 sites. Keep them
            longer for detailed charts further back; shorten them if the disk is small. Changes apply when the console next starts.
          </p>
        </>
      }
    >
      <SaveForm id="retention" label="History and database size" saving={saving} status={status} onSubmit={submit}>
        <div className="settings-grid">
          <Field
            field="retention.rawHours"
            label="Keep every poll result for"
            unit="hours"
            numeric
            width="narrow"
            value={raw}
            onChange={setRaw}
            error={errors['retention.rawHours']}
            hint="1 to 336 (two weeks). Needed for a site's detailed recent timeline."
          />
          <Field
            field="retention.hourlyDays"
            label="Keep hourly summaries for"
            unit="days"
            numeric
            width="narrow"
            value={hourly}
            onChange={setHourly}
            error={errors['retention.hourlyDays']}
            hint="7 to 730."
          />
        </div>
        <p className="settings-estimate" data-testid="retention-estimate" aria-live="polite">
          {Number.isFinite(days) && days > 0
            ? `Hourly summaries for ${sites.toLocaleString('en-GB')} site${sites === 1 ? '' : 's'} over ${days.toLocaleString('en-GB')} days: about ${formatMb(hourlyRollupMb(days, sites))}.`
            : 'Enter the number of days to see the estimated size.'}
        </p>
      </SaveForm>
    </Section>
  );
}
