import { useEffect, useId, useRef, useState } from 'react';
import { useAppActions } from '../app-actions.tsx';
import { OperatorForm } from './OperatorForm.tsx';
import { useOperatorSession } from './operator-session.ts';

/** Who the console is acting for; browser mode offers to switch person. */
export function HeaderOperator() {
  const { info } = useAppActions();
  const session = useOperatorSession();
  const [changing, setChanging] = useState(false);
  if (!info) return null;
  return (
    <div className="header-operator" data-testid="header-operator">
      <span>
        Operator: <strong data-testid="header-operator-name">{info.operator}</strong>
      </span>
      {session && (
        <button type="button" className="link-button" onClick={() => setChanging(true)} data-testid="operator-change">
          Not you? Change
        </button>
      )}
      {session && changing && (
        <ChangeDialog
          onClose={() => setChanging(false)}
          onChange={(name) => {
            session.change(name);
            setChanging(false);
          }}
        />
      )}
    </div>
  );
}

function ChangeDialog({ onChange, onClose }: { onChange: (name: string) => void; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  return (
    <dialog ref={ref} className="text-dialog" aria-labelledby={`${id}-title`} onClose={onClose} data-testid="operator-dialog">
      <h2 id={`${id}-title`}>Who is using the console?</h2>
      <OperatorForm submitLabel="Change" onSubmit={onChange} onCancel={onClose} />
    </dialog>
  );
}
