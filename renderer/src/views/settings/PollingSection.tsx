import { useId, useState } from 'react';
import type { Settings } from '../../../../shared/settings.ts';
import { Field } from './Field.tsx';
import { SaveForm, Section } from './Section.tsx';
import { describeSeconds, numberFrom, tagOverrides, type TagRow } from './settings-model.ts';
import { useSectionSave } from './use-section-save.ts';

interface Draft {
  interval: string;
  damping: string;
  tags: TagRow[];
}

const draftOf = (s: Settings): Draft => ({
  interval: String(s.pollIntervalS),
  damping: String(s.dampingPolls),
  tags: Object.entries(s.pollIntervalByTagS).map(([tag, seconds]) => ({ tag, seconds: String(seconds) })),
});

export function PollingSection({ settings, knownTags, onSaved }: { settings: Settings; knownTags: readonly string[]; onSaved: (s: Settings) => void }) {
  const [draft, setDraft] = useState(() => draftOf(settings));
  const { saving, errors, status, save } = useSectionSave(onSaved);
  const tagListId = useId();

  const submit = async () => {
    const { value, errors: rowErrors } = tagOverrides(draft.tags);
    const saved = await save({ pollIntervalS: numberFrom(draft.interval), dampingPolls: numberFrom(draft.damping), pollIntervalByTagS: value }, rowErrors);
    if (saved) setDraft(draftOf(saved));
  };
  const setRow = (i: number, row: Partial<TagRow>) => setDraft({ ...draft, tags: draft.tags.map((r, j) => (j === i ? { ...r, ...row } : r)) });

  return (
    <Section
      id="polling"
      title="Polling"
      intro={
        <p>
          How often the console asks each school's agent for its status over SSH. A shorter interval spots a failure sooner but puts more load on school
          servers and on the console. Tags (set on each site) can poll some schools more or less often, e.g. secondaries every 2 minutes.
        </p>
      }
    >
      <SaveForm id="polling" label="Polling" saving={saving} status={status} onSubmit={submit}>
        <div className="settings-grid">
          <Field
            field="pollIntervalS"
            label="Default interval"
            unit="seconds"
            numeric
            width="narrow"
            value={draft.interval}
            onChange={(interval) => setDraft({ ...draft, interval })}
            error={errors.pollIntervalS}
            hint={`30 to 86,400 seconds. ${describeSeconds(numberFrom(draft.interval))}`}
          />
          <Field
            field="dampingPolls"
            label="Flap damping"
            unit="polls"
            numeric
            width="narrow"
            value={draft.damping}
            onChange={(damping) => setDraft({ ...draft, damping })}
            error={errors.dampingPolls}
            hint="A site's status changes only after the same new result this many polls in a row (1 to 10), so a flaky link does not flip back and forth."
          />
        </div>
        <fieldset className="settings-rows">
          <legend>Interval by tag</legend>
          {draft.tags.length === 0 ? (
            <p className="settings-empty">No overrides: every site uses the default interval.</p>
          ) : (
            <table className="settings-table" data-testid="tag-overrides">
              <thead>
                <tr>
                  <th scope="col">Tag</th>
                  <th scope="col">Interval (seconds)</th>
                  <th scope="col">
                    <span className="visually-hidden">Remove</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {draft.tags.map((row, i) => (
                  <tr key={i}>
                    <td>
                      <Field
                        field={`pollIntervalByTagS.${i}.tag`}
                        label={`Tag, row ${i + 1}`}
                        hideLabel
                        list={tagListId}
                        value={row.tag}
                        onChange={(tag) => setRow(i, { tag })}
                        error={errors[`pollIntervalByTagS.${i}.tag`]}
                      />
                    </td>
                    <td>
                      <Field
                        field={`pollIntervalByTagS.${i}.seconds`}
                        label={`Interval for tag ${row.tag || i + 1}`}
                        hideLabel
                        numeric
                        width="narrow"
                        value={row.seconds}
                        onChange={(seconds) => setRow(i, { seconds })}
                        error={errors[`pollIntervalByTagS.${i}.seconds`]}
                      />
                    </td>
                    <td>
                      <button type="button" onClick={() => setDraft({ ...draft, tags: draft.tags.filter((_, j) => j !== i) })} aria-label={`Remove the override for ${row.tag || `row ${i + 1}`}`}>
                        Remove
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <button type="button" onClick={() => setDraft({ ...draft, tags: [...draft.tags, { tag: '', seconds: draft.interval }] })} data-testid="add-tag-override">
            Add a tag override
          </button>
          <datalist id={tagListId}>
            {knownTags.map((t) => (
              <option key={t} value={t} />
            ))}
          </datalist>
        </fieldset>
      </SaveForm>
    </Section>
  );
}

