// A small set of mutually exclusive choices (7/30/90 days, a report period) as a radio
// group styled like buttons: arrow keys move between options, as screen readers expect.
import { useId } from 'react';
import './components.css';

export interface SegmentedOption<T extends string | number> {
  readonly value: T;
  readonly label: string;
}

export function SegmentedControl<T extends string | number>({ label, value, options, onChange, testId }: { label: string; value: T; options: readonly SegmentedOption<T>[]; onChange: (value: T) => void; testId?: string }) {
  const name = useId();
  return (
    <div className="ui-segmented" role="radiogroup" aria-label={label} data-testid={testId}>
      {options.map((o) => (
        <label key={String(o.value)} className={o.value === value ? 'is-selected' : undefined}>
          <input type="radio" name={name} value={String(o.value)} checked={o.value === value} onChange={() => onChange(o.value)} data-testid={testId ? `${testId}-${String(o.value)}` : undefined} />
          <span>{o.label}</span>
        </label>
      ))}
    </div>
  );
}
