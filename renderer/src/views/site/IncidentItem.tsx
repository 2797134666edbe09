// One past or open incident: what happened, who has it, and its notes (read on demand).
import { useState } from 'react';
import type { AnyIncident, IncidentNote } from '../../../../shared/incidents.ts';
import { useApi } from '../../api/api-context.tsx';
import { Busy } from '../../components/Busy.tsx';
import { formatLondonShort, formatMs } from '../../components/format.ts';
import { VerdictBadge } from '../../components/VerdictBadge.tsx';

export function IncidentItem({ incident }: { incident: AnyIncident }) {
  const api = useApi();
  const [notes, setNotes] = useState<IncidentNote[] | null>(null);
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const loadNotes = async () => {
    const r = await api.call('incidents.notes', { id: incident.id });
    if (r.ok) setNotes(r.data);
    else setError(r.error.message);
  };
  const toggle = () => {
    setOpen(!open);
    if (!open && notes === null) void loadNotes();
  };
  const acknowledge = async () => {
    setBusy(true);
    const r = await api.call('incidents.acknowledge', { id: incident.id });
    setBusy(false);
    setError(r.ok ? null : r.error.message);
  };
  const addNote = async () => {
    setBusy(true);
    const r = await api.call('incidents.addNote', { id: incident.id, text });
    setBusy(false);
    if (!r.ok) return setError(r.error.fields?.['text'] ?? r.error.message);
    setText('');
    setError(null);
    setNotes((n) => [...(n ?? []), r.data]);
  };

  const isOpen = incident.state === 'open';
  const notesId = `incident-${incident.id}-notes`;
  return (
    <li className={`sd-incident${isOpen ? ' is-open' : ''}`} data-testid={`incident-${incident.id}`}>
      <div className="sd-incident-head">
        <VerdictBadge verdict={incident.verdict} />
        <span className={`ui-tag${isOpen ? ' ui-tag-strong' : ''}`}>{isOpen ? 'Open' : 'Resolved'}</span>
        <strong className="sd-incident-title">{incident.title}</strong>
      </div>
      <p className="sd-incident-meta ui-muted">
        Opened {formatLondonShort(incident.openedAt)}
        {incident.resolvedAt && ` · recovered ${formatLondonShort(incident.resolvedAt)} after ${formatMs(incident.ttrMs)}`}
        {incident.acknowledgedBy && ` · acknowledged by ${incident.acknowledgedBy}`}
        {incident.assignee && ` · assigned to ${incident.assignee}`}
      </p>
      <div className="sd-incident-actions">
        {isOpen && !incident.acknowledgedAt && (
          <button type="button" onClick={() => void acknowledge()} disabled={busy} data-testid={`incident-${incident.id}-ack`}>
            Acknowledge
          </button>
        )}
        <button type="button" aria-expanded={open} aria-controls={notesId} onClick={toggle}>
          Notes ({notes?.length ?? incident.noteCount})
        </button>
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {open && (
        <div id={notesId} className="sd-notes">
          {notes === null ? (
            <Busy label="Loading notes…" />
          ) : notes.length === 0 ? (
            <p className="ui-muted">No notes yet. Say what you found or did, for whoever picks this up next.</p>
          ) : (
            <ol>
              {notes.map((n) => (
                <li key={n.id}>
                  <p className="ui-muted">
                    {n.author}, {formatLondonShort(n.at)}
                  </p>
                  <p className="sd-note-text">{n.text}</p>
                </li>
              ))}
            </ol>
          )}
          <form className="sd-note-form" onSubmit={(e) => {
              e.preventDefault();
              void addNote();
            }}>
            <label htmlFor={`${notesId}-text`} className="visually-hidden">
              New note
            </label>
            <textarea id={`${notesId}-text`} value={text} onChange={(e) => setText(e.target.value)} rows={2} placeholder="Add a note…" data-testid={`incident-${incident.id}-note`} />
            <button type="submit" disabled={busy || !text.trim()}>
              Add note
            </button>
          </form>
        </div>
      )}
    </li>
  );
}
