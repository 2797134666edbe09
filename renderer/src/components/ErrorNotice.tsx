import type { ReactNode } from 'react';
import './components.css';

/** A failure said plainly, with what to try; announced at once to screen readers. */
export function ErrorNotice({ title, children, testId }: { title: string; children?: ReactNode; testId?: string }) {
  return (
    <div className="ui-error" role="alert" data-testid={testId}>
      <span className="ui-error-glyph" aria-hidden="true">
        ✕
      </span>
      <div>
        <p className="ui-error-title">{title}</p>
        {children && <div className="ui-error-body">{children}</div>}
      </div>
    </div>
  );
}
