import type { ReactNode, SyntheticEvent } from 'react';
import type { SectionStatus } from './use-section-save.ts';

interface SectionProps {
  id: string;
  title: string;
  /** What the setting does, in the words of the person who will change it. */
  intro: ReactNode;
  children: ReactNode;
}

/** A card with a heading and an explanation; the forms inside save themselves. */
export function Section({ id, title, intro, children }: SectionProps) {
  return (
    <section className="settings-section" id={`settings-${id}`} aria-labelledby={`settings-${id}-title`} data-testid={`section-${id}`}>
      <h3 id={`settings-${id}-title`} tabIndex={-1}>
        {title}
      </h3>
      <div className="settings-intro">{intro}</div>
      {children}
    </section>
  );
}

interface SaveFormProps {
  id: string;
  label: string;
  saving: boolean;
  status: SectionStatus;
  onSubmit: () => Promise<unknown>;
  saveLabel?: string;
  children: ReactNode;
}

/** A form that saves one part of the settings, with its progress and outcome beside the button. */
export function SaveForm({ id, label, saving, status, onSubmit, saveLabel = 'Save', children }: SaveFormProps) {
  const submit = (e: SyntheticEvent) => {
    e.preventDefault();
    void onSubmit();
  };
  return (
    <form className="settings-form" onSubmit={submit} aria-label={label} aria-busy={saving} noValidate data-testid={`form-${id}`}>
      {children}
      <div className="settings-actions">
        <button type="submit" className="primary" disabled={saving} data-testid={`save-${id}`}>
          {saving && <span className="settings-spinner" aria-hidden="true" />}
          {saving ? 'Saving…' : saveLabel}
        </button>
        <StatusLine id={id} status={status} />
      </div>
    </form>
  );
}

/** The live region is always rendered, so a screen reader hears the outcome when it changes. */
export function StatusLine({ id, status }: { id: string; status: SectionStatus }) {
  return (
    <>
      <p className="settings-status ok" role="status" data-testid={`status-${id}`}>
        {status.kind === 'saved' ? (
          <>
            <span aria-hidden="true">✓ </span>
            {status.message}
          </>
        ) : null}
      </p>
      {status.kind === 'error' && (
        <p className="settings-status bad" role="alert" data-testid={`alert-${id}`}>
          <span aria-hidden="true">⚠ </span>
          {status.message}
        </p>
      )}
    </>
  );
}
