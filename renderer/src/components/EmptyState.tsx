import type { ReactNode } from 'react';
import './components.css';

/** What is missing and what to do next; never a blank panel. */
export function EmptyState({ title, children, testId }: { title: string; children?: ReactNode; testId?: string }) {
  return (
    <div className="empty-state ui-empty" data-testid={testId}>
      <p className="ui-empty-title">{title}</p>
      {children && <div className="ui-empty-body">{children}</div>}
    </div>
  );
}
