import { useState } from 'react';
import type { Settings } from '../../../../shared/settings.ts';
import { Field } from './Field.tsx';
import { SaveForm, Section } from './Section.tsx';
import { TermImport } from './TermImport.tsx';
import { useSectionSave } from './use-section-save.ts';

type Term = Settings['terms'][number];

interface Draft {
  terms: Term[];
  closures: string[];
}

const draftOf = (s: Settings): Draft => ({ terms: s.terms.map((t) => ({ ...t })), closures: [...s.closures] });

/** "Fri 24 Oct 2025", so a mistyped date shows as the wrong day of the week. */
function weekday(iso: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return '';
  const d = new Date(`${iso}T12:00:00Z`);
  return Number.isNaN(d.getTime()) ? '' : d.toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

export function CalendarSection({ settings, onSaved }: { settings: Settings; onSaved: (s: Settings) => void }) {
  const [draft, setDraft] = useState(() => draftOf(settings));
  const { saving, errors, status, save } = useSectionSave(onSaved);

  const submit = async () => {
    // Order does not matter to the core; sorted lists are easier for the next person to check.
    const terms = draft.terms.map((t) => ({ ...t, name: t.name.trim() }));
    const closures = [...new Set(draft.closures.map((c) => c.trim()))];
    const saved = await save({ terms, closures });
    if (saved) setDraft({ terms: [...saved.terms].sort((a, b) => a.start.localeCompare(b.start)), closures: [...saved.closures].sort() });
  };
  const setTerm = (i: number, t: Partial<Term>) => setDraft({ ...draft, terms: draft.terms.map((x, j) => (j === i ? { ...x, ...t } : x)) });
  const setClosure = (i: number, c: string) => setDraft({ ...draft, closures: draft.closures.map((x, j) => (j === i ? c : x)) });

  return (
    <Section
      id="calendar"
      title="School calendar"
      intro={
        <>
          <p>
            <strong>Quiet days are not failures.</strong> Schools send only what changed, and at weekends, in the holidays and on closure days they send little
            or nothing. The console counts a link as failing only when a transfer that should have happened did not, so it needs the term dates. Without them only
            weekends are treated as quiet.
          </p>
          <p>Add INSET days, bank holidays and other whole-authority closures below the terms.</p>
        </>
      }
    >
      <TermImport
        onImported={(s) => {
          onSaved(s);
          setDraft(draftOf(s));
        }}
      />
      <SaveForm id="calendar" label="School calendar" saving={saving} status={status} onSubmit={submit}>
        <fieldset className="settings-rows">
          <legend>Term dates</legend>
          {draft.terms.length === 0 ? (
            <p className="settings-empty" data-testid="terms-empty">
              No terms yet: add this year's terms (e.g. Autumn 2025, 3 Sep to 19 Dec) so holidays count as quiet.
            </p>
          ) : (
            <table className="settings-table" data-testid="terms-table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">First day</th>
                  <th scope="col">Last day</th>
                  <th scope="col">
                    <span className="visually-hidden">Remove</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {draft.terms.map((t, i) => (
                  <tr key={i} data-testid={`term-row-${i}`}>
                    <td>
                      <Field field={`terms.${i}.name`} label={`Term ${i + 1} name`} hideLabel value={t.name} onChange={(name) => setTerm(i, { name })} error={errors[`terms.${i}.name`]} />
                    </td>
                    <td>
                      <Field field={`terms.${i}.start`} label={`Term ${i + 1} first day`} hideLabel type="date" value={t.start} onChange={(start) => setTerm(i, { start })} error={errors[`terms.${i}.start`]} />
                    </td>
                    <td>
                      <Field field={`terms.${i}.end`} label={`Term ${i + 1} last day`} hideLabel type="date" value={t.end} onChange={(end) => setTerm(i, { end })} error={errors[`terms.${i}.end`]} />
                    </td>
                    <td>
                      <button type="button" onClick={() => setDraft({ ...draft, terms: draft.terms.filter((_, j) => j !== i) })} aria-label={`Remove term ${t.name || i + 1}`} data-testid={`remove-term-${i}`}>
                        Remove
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {errors.terms && (
            <p className="field-error" data-testid="error-terms">
              {errors.terms}
            </p>
          )}
          <button type="button" onClick={() => setDraft({ ...draft, terms: [...draft.terms, { name: '', start: '', end: '' }] })} data-testid="add-term">
            Add a term
          </button>
        </fieldset>

        <fieldset className="settings-rows">
          <legend>Closure days</legend>
          {draft.closures.length === 0 ? (
            <p className="settings-empty">No closure days.</p>
          ) : (
            <ul className="settings-closures" data-testid="closures">
              {draft.closures.map((c, i) => (
                <li key={i}>
                  <Field field={`closures.${i}`} label={`Closure day ${i + 1}`} hideLabel type="date" value={c} onChange={(v) => setClosure(i, v)} error={errors[`closures.${i}`]} />
                  <span className="settings-weekday">{weekday(c)}</span>
                  <button type="button" onClick={() => setDraft({ ...draft, closures: draft.closures.filter((_, j) => j !== i) })} aria-label={`Remove closure day ${c || i + 1}`}>
                    Remove
                  </button>
                </li>
              ))}
            </ul>
          )}
          {errors.closures && (
            <p className="field-error" data-testid="error-closures">
              {errors.closures}
            </p>
          )}
          <button type="button" onClick={() => setDraft({ ...draft, closures: [...draft.closures, ''] })} data-testid="add-closure">
            Add a closure day
          </button>
        </fieldset>
      </SaveForm>
    </Section>
  );
}
