import { useId } from 'react';

/** One labelled text input with its hint or, when wrong, its error read out with it. */
export function DialogField({ name, label, value, onChange, error, hint, unit, numeric = true }: { name: string; label: string; value: string; onChange: (v: string) => void; error?: string | undefined; hint?: string; unit?: string; numeric?: boolean }) {
  const id = useId();
  const described = error ? `${id}-error` : hint ? `${id}-hint` : undefined;
  return (
    <div className={`field ad-field${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <span className="ad-input">
        <input
          id={id}
          value={value}
          inputMode={numeric ? 'numeric' : undefined}
          autoComplete="off"
          spellCheck={false}
          aria-invalid={error ? true : undefined}
          aria-describedby={described}
          onChange={(e) => onChange(e.target.value)}
          data-testid={`action-field-${name}`}
        />
        {unit && <span className="ui-muted">{unit}</span>}
      </span>
      {error ? (
        <span className="field-error" id={`${id}-error`} data-testid={`action-error-${name}`}>
          {error}
        </span>
      ) : (
        hint && (
          <span className="field-hint" id={`${id}-hint`}>
            {hint}
          </span>
        )
      )}
    </div>
  );
}
