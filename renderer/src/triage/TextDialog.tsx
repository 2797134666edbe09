import { useEffect, useId, useRef, useState } from 'react';

export interface TextDialogSpec {
  title: string;
  label: string;
  initial?: string;
  submit: string;
  multiline?: boolean;
  hint?: string;
  onSubmit: (text: string) => void;
}

/** A small modal asking for one piece of text. The native dialog traps focus and closes on Escape. */
export function TextDialog({ spec, onClose }: { spec: TextDialogSpec; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const [text, setText] = useState(spec.initial ?? '');
  const id = useId();
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  const submit = () => {
    if (text.trim() === '') return;
    spec.onSubmit(text.trim());
    onClose();
  };
  return (
    <dialog ref={ref} className="text-dialog" aria-labelledby={`${id}-title`} onClose={onClose} data-testid="text-dialog">
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <h2 id={`${id}-title`}>{spec.title}</h2>
        <label htmlFor={`${id}-input`}>{spec.label}</label>
        {spec.multiline ? (
          <textarea id={`${id}-input`} rows={4} value={text} onChange={(e) => setText(e.target.value)} autoFocus maxLength={4000} data-testid="text-dialog-input" />
        ) : (
          <input id={`${id}-input`} value={text} onChange={(e) => setText(e.target.value)} autoFocus maxLength={100} data-testid="text-dialog-input" />
        )}
        {spec.hint && <p className="field-hint">{spec.hint}</p>}
        <div className="form-actions">
          <button type="submit" className="primary" disabled={text.trim() === ''} data-testid="text-dialog-submit">
            {spec.submit}
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
