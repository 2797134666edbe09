// In-app toasts: short messages that do not steal focus, announced politely to screen readers.
import { createContext, useCallback, useContext, useRef, useState, type ReactNode } from 'react';

export interface Toast {
  id: number;
  tone: 'info' | 'bad' | 'ok';
  title: string;
  body?: string;
  action?: { label: string; run: () => void };
}
type NewToast = Omit<Toast, 'id'>;

const ToastContext = createContext<((t: NewToast) => void) | null>(null);
const TTL_MS = 8000;
const MAX_SHOWN = 4;

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const next = useRef(1);
  const dismiss = useCallback((id: number) => setToasts((ts) => ts.filter((t) => t.id !== id)), []);
  const push = useCallback(
    (t: NewToast) => {
      const id = next.current++;
      setToasts((ts) => [...ts.slice(-(MAX_SHOWN - 1)), { ...t, id }]);
      setTimeout(() => dismiss(id), TTL_MS);
    },
    [dismiss],
  );
  return (
    <ToastContext.Provider value={push}>
      {children}
      <div className="toasts" role="status" aria-live="polite" data-testid="toasts">
        {toasts.map((t) => (
          <div key={t.id} className={`toast toast-${t.tone}`} data-testid="toast">
            <div className="toast-text">
              <strong>{t.title}</strong>
              {t.body && <span>{t.body}</span>}
            </div>
            {t.action && (
              <button
                type="button"
                onClick={() => {
                  t.action?.run();
                  dismiss(t.id);
                }}
              >
                {t.action.label}
              </button>
            )}
            <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => dismiss(t.id)}>
              ×
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export function useToast(): (t: NewToast) => void {
  const push = useContext(ToastContext);
  if (!push) throw new Error('useToast needs a <ToastProvider> above it');
  return push;
}
