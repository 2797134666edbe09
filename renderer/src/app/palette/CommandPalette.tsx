// Ctrl/Cmd+K: jump to a site or view, or run an action, without leaving the keyboard.
// A modal dialog with a combobox and a listbox (the ARIA 1.2 pattern).
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useFleetMeta, useFleetRows } from '../../fleet/use-fleet.ts';
import { useAppActions } from '../app-actions.tsx';
import { baseCommands, matchCommands, type Command } from './commands.ts';

export function CommandPalette({ onClose }: { onClose: () => void }) {
  const app = useAppActions();
  const paused = useFleetMeta('paused');
  const rows = useFleetRows();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const dialog = useRef<HTMLDialogElement>(null);
  const id = useId();
  const base = useMemo(() => baseCommands(app, paused, rows.length), [app, paused, rows.length]);
  const results = useMemo(() => matchCommands(base, rows, query), [base, rows, query]);
  const current = Math.min(active, results.length - 1);

  useEffect(() => {
    const d = dialog.current;
    // Focus goes back where it was when the palette closes.
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (d && !d.open) d.showModal();
    return () => {
      d?.close();
      before?.focus();
    };
  }, []);

  useEffect(() => {
    document.getElementById(`${id}-opt-${current}`)?.scrollIntoView({ block: 'nearest' });
  }, [id, current]);

  const run = (c: Command | undefined) => {
    if (!c) return;
    onClose();
    c.run();
  };

  return (
    <dialog ref={dialog} className="palette" aria-label="Command palette" onClose={onClose} data-testid="palette" onClick={(e) => e.target === dialog.current && onClose()}>
      <input
        type="text"
        role="combobox"
        aria-expanded="true"
        aria-controls={`${id}-list`}
        aria-activedescendant={results.length ? `${id}-opt-${current}` : undefined}
        aria-label="Type a command, a view, or a school's name or URN"
        placeholder="Type a command, a view, or a school's name or URN…"
        value={query}
        autoFocus
        data-testid="palette-input"
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') setActive(Math.min(current + 1, results.length - 1));
          else if (e.key === 'ArrowUp') setActive(Math.max(current - 1, 0));
          else if (e.key === 'Enter') run(results[current]);
          else return;
          e.preventDefault();
        }}
      />
      <ul id={`${id}-list`} role="listbox" aria-label="Results" className="palette-results">
        {results.length === 0 && <li className="muted palette-empty">Nothing matches “{query}”.</li>}
        {results.map((c, i) => (
          <li
            key={c.id}
            id={`${id}-opt-${i}`}
            role="option"
            aria-selected={i === current}
            className={i === current ? 'active' : undefined}
            data-testid={`palette-${c.id}`}
            onMouseMove={() => i !== current && setActive(i)}
            onClick={() => run(c)}
          >
            <span className="palette-group">{c.group}</span>
            <span className="palette-label">{c.label}</span>
            {c.hint && <span className="muted">{c.hint}</span>}
          </li>
        ))}
      </ul>
      <p className="palette-help muted">
        <kbd>↑</kbd> <kbd>↓</kbd> choose · <kbd>Enter</kbd> run · <kbd>Esc</kbd> close
      </p>
    </dialog>
  );
}
