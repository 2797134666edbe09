import { useId, useState } from 'react';
import { OperatorNameSchema } from '../../../../shared/core-messages.ts';
import './operator.css';

/** Asks for the operator's name, checked by the same schema the server applies. */
export function OperatorForm({ initial = '', submitLabel, onSubmit, onCancel }: { initial?: string; submitLabel: string; onSubmit: (name: string) => void; onCancel?: () => void }) {
  const id = useId();
  const [name, setName] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const submit = () => {
    const parsed = OperatorNameSchema.safeParse(name);
    if (!parsed.success) return setError(parsed.error.issues[0]?.message ?? 'That name cannot be used');
    setError(null);
    onSubmit(parsed.data);
  };
  return (
    <form
      className="operator-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <div className={`field${error ? ' has-error' : ''}`}>
        <label htmlFor={`${id}-name`}>Your name</label>
        <input
          id={`${id}-name`}
          value={name}
          onChange={(e) => setName(e.target.value)}
          autoComplete="name"
          autoFocus
          aria-invalid={error !== null}
          aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
          data-testid="operator-name-input"
        />
        <p id={`${id}-hint`} className="field-hint">
          As colleagues will see it on acknowledgements, notes and the audit trail.
        </p>
        {error && (
          <p id={`${id}-error`} className="field-error" role="alert" data-testid="operator-name-error">
            {error}
          </p>
        )}
      </div>
      <div className="form-actions">
        <button type="submit" className="primary" data-testid="operator-name-submit">
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
