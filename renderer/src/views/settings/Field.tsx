import { useId, type ReactNode } from 'react';

interface FieldProps {
  /** The settings path, e.g. "correlation.percent": names the test ids and matches error keys. */
  field: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  hint?: ReactNode;
  /** Shown after the input, e.g. "seconds". */
  unit?: string;
  type?: 'text' | 'date' | 'datetime-local' | 'password';
  numeric?: boolean;
  /** In table rows the column header names the field; the label stays for screen readers. */
  hideLabel?: boolean;
  disabled?: boolean;
  autoComplete?: string;
  width?: 'narrow' | 'wide';
  /** A datalist of suggestions. */
  list?: string;
}

/** One labelled input with its hint or, when wrong, its error, in the Sites form's conventions. */
export function Field({ field, label, value, onChange, error, hint, unit, type = 'text', numeric, hideLabel, disabled, autoComplete, width, list }: FieldProps) {
  const id = useId();
  const described = error ? `${id}-error` : hint ? `${id}-hint` : undefined;
  return (
    <div className={`field settings-field${error ? ' has-error' : ''}${width ? ` ${width}` : ''}`}>
      <label htmlFor={id} className={hideLabel ? 'visually-hidden' : undefined}>
        {label}
      </label>
      <span className="settings-input">
        <input
          id={id}
          name={field}
          type={type}
          value={value}
          disabled={disabled}
          list={list}
          inputMode={numeric ? 'numeric' : undefined}
          autoComplete={autoComplete ?? 'off'}
          spellCheck={false}
          data-testid={`field-${field}`}
          aria-invalid={error ? true : undefined}
          aria-describedby={described}
          onChange={(e) => onChange(e.target.value)}
        />
        {unit && <span className="settings-unit">{unit}</span>}
      </span>
      {error ? (
        <span className="field-error" id={`${id}-error`} data-testid={`error-${field}`}>
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
