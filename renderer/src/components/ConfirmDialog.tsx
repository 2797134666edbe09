// A modal question on the native <dialog>: the browser traps focus, Escape cancels, and
// focus returns to the button that opened it.
import { useEffect, useId, useRef, type ReactNode } from 'react';
import './components.css';

export interface ConfirmDialogProps {
  open: boolean;
  title: string;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
  busy?: boolean;
  children: ReactNode;
  testId?: string;
}

export function ConfirmDialog({ open, title, confirmLabel, onConfirm, onCancel, busy = false, children, testId }: ConfirmDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog ref={ref} className="ui-dialog" aria-labelledby={titleId} onCancel={onCancel} data-testid={testId}>
      <h3 id={titleId}>{title}</h3>
      <div className="ui-dialog-body">{children}</div>
      <div className="ui-dialog-actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className="primary" onClick={onConfirm} disabled={busy} data-testid={testId ? `${testId}-confirm` : undefined}>
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
