// A progress indicator for work that takes a moment (SSH round trips, report queries).
// It announces itself politely to screen readers and draws a spinner that stops when
// the person asked for reduced motion.
import './components.css';

export function Busy({ label, testId }: { label: string; testId?: string }) {
  return (
    <span className="ui-busy" role="status" aria-live="polite" data-testid={testId}>
      <span className="ui-spinner" aria-hidden="true" />
      {label}
    </span>
  );
}
