import { useId, type ReactNode } from 'react';
import './components.css';

/** A titled card: the building block of the detail and report pages. */
export function Panel({ title, actions, children, testId, className }: { title: string; actions?: ReactNode; children: ReactNode; testId?: string; className?: string }) {
  const id = useId();
  return (
    <section className={`ui-panel${className ? ` ${className}` : ''}`} aria-labelledby={id} data-testid={testId}>
      <header className="ui-panel-header">
        <h3 id={id}>{title}</h3>
        {actions && <div className="ui-panel-actions">{actions}</div>}
      </header>
      <div className="ui-panel-body">{children}</div>
    </section>
  );
}
