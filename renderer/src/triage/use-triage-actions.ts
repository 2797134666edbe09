// Acknowledge, assign and note: each needs the person's name, asked for once.
import { useCallback, useMemo, useState } from 'react';
import type { AnyIncident } from '../../../shared/incidents.ts';
import { useApi } from '../api/api-context.tsx';
import { useToast } from '../app/toasts.tsx';
import { getDisplayName, setDisplayName } from './display-name.ts';
import type { TextDialogSpec } from './TextDialog.tsx';

const subject = (i: AnyIncident): string => (i.kind === 'site' ? i.siteName : `Fleet incident (${i.openSiteCount} sites)`);

export function useTriageActions() {
  const api = useApi();
  const toast = useToast();
  const [dialog, setDialog] = useState<TextDialogSpec | null>(null);

  /** Runs `then` with the person's name, asking for it first if we do not know it yet. */
  const withName = useCallback((then: (name: string) => void) => {
    const known = getDisplayName();
    if (known) return then(known);
    setDialog({
      title: 'Who are you?',
      label: 'Your name, as colleagues will see it on acknowledgements and notes',
      submit: 'Continue',
      hint: 'Asked once; remembered on this computer.',
      onSubmit: (name) => {
        setDisplayName(name);
        // The next dialog (if any) opens after this one has closed.
        setTimeout(() => then(name), 0);
      },
    });
  }, []);

  const acknowledge = useCallback(
    (incident: AnyIncident) =>
      withName((by) => {
        void api.call('incidents.acknowledge', { id: incident.id, by }).then((r) =>
          toast(r.ok ? { tone: 'ok', title: `Acknowledged: ${subject(incident)}` } : { tone: 'bad', title: 'Could not acknowledge', body: r.error.message }),
        );
      }),
    [api, toast, withName],
  );

  const assign = useCallback(
    (incident: AnyIncident) =>
      withName((me) =>
        setDialog({
          title: `Assign: ${subject(incident)}`,
          label: 'Assign to',
          initial: incident.assignee ?? me,
          submit: 'Assign',
          onSubmit: (assignee) => {
            void api.call('incidents.assign', { id: incident.id, assignee }).then((r) =>
              toast(r.ok ? { tone: 'ok', title: `Assigned to ${assignee}`, body: subject(incident) } : { tone: 'bad', title: 'Could not assign', body: r.error.message }),
            );
          },
        }),
      ),
    [api, toast, withName],
  );

  const note = useCallback(
    (incident: AnyIncident) =>
      withName((author) =>
        setDialog({
          title: `Note: ${subject(incident)}`,
          label: 'Note for whoever picks this up next',
          submit: 'Add note',
          multiline: true,
          onSubmit: (text) => {
            void api.call('incidents.addNote', { id: incident.id, author, text }).then((r) =>
              toast(r.ok ? { tone: 'ok', title: 'Note added', body: subject(incident) } : { tone: 'bad', title: 'Could not add the note', body: r.error.message }),
            );
          },
        }),
      ),
    [api, toast, withName],
  );

  const rowActions = useMemo(() => ({ acknowledge, assign, note }), [acknowledge, assign, note]);
  const closeDialog = useCallback(() => setDialog(null), []);
  return { rowActions, dialog, closeDialog };
}
