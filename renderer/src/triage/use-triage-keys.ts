// Keyboard-first triage: j/k (or arrows) move, Enter opens, a acknowledges, n adds a note,
// x acts (the remedy's action, previewed first), / searches. Selection follows the site, not the position, so re-ranking does not jump it.
import { useEffect, useEffectEvent, useRef, useState } from 'react';
import type { AnyIncident } from '../../../shared/incidents.ts';
import type { TriageGroup, TriageItem } from '../../../shared/triage.ts';

export type TriageEntry = { kind: 'fleet'; key: string; group: TriageGroup } | { kind: 'site'; key: string; item: TriageItem };

interface Options {
  entries: readonly TriageEntry[];
  open: (e: TriageEntry) => void;
  acknowledge: (i: AnyIncident) => void;
  note: (i: AnyIncident) => void;
  act: (e: TriageEntry) => void;
  focusSearch: () => void;
}

const incidentOf = (e: TriageEntry | undefined): AnyIncident | null => (e === undefined ? null : e.kind === 'fleet' ? e.group.incident : e.item.incident);

/** Keys typed into a field, or while a dialog is up, belong to that field or dialog. */
function ownedElsewhere(e: KeyboardEvent): boolean {
  const t = e.target;
  if (!(t instanceof HTMLElement)) return false;
  return t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName) || t.closest('dialog, [role="dialog"]') !== null;
}

export function useTriageKeys({ entries, open, acknowledge, note, act, focusSearch }: Options) {
  const [selectedKey, setSelectedKey] = useState<string | null>(null);
  const found = entries.findIndex((e) => e.key === selectedKey);
  const selected = found >= 0 ? found : 0;
  const rowRef = useRef<HTMLLIElement>(null);
  const [focusTick, setFocusTick] = useState(0);

  useEffect(() => {
    if (focusTick === 0) return;
    rowRef.current?.focus();
    rowRef.current?.scrollIntoView({ block: 'nearest' });
  }, [focusTick]);

  const onKey = useEffectEvent((e: KeyboardEvent) => {
    if (e.ctrlKey || e.metaKey || e.altKey || ownedElsewhere(e)) return;
    const current = entries[selected];
    const move = (delta: number) => {
      const next = entries[Math.min(Math.max(selected + delta, 0), entries.length - 1)];
      if (next) setSelectedKey(next.key);
      setFocusTick((t) => t + 1);
    };
    const incident = incidentOf(current);
    switch (e.key) {
      case 'j':
      case 'ArrowDown':
        move(1);
        break;
      case 'k':
      case 'ArrowUp':
        move(-1);
        break;
      case 'Enter':
        // A focused button or link inside the row does its own thing.
        if (e.target instanceof HTMLButtonElement || e.target instanceof HTMLAnchorElement || !current) return;
        open(current);
        break;
      case 'a':
        if (!incident || incident.acknowledgedAt !== null) return;
        acknowledge(incident);
        break;
      case 'n':
        if (!incident) return;
        note(incident);
        break;
      case 'x':
        if (!current) return;
        act(current);
        break;
      case '/':
        focusSearch();
        break;
      default:
        return;
    }
    e.preventDefault();
  });

  useEffect(() => {
    const handler = (e: KeyboardEvent) => onKey(e);
    window.addEventListener('keydown', handler);
    return () => window.removeEventListener('keydown', handler);
  }, []);

  return { selected, select: setSelectedKey, rowRef };
}
