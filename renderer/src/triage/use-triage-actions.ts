// Acknowledge, assign and note, as the session's operator: the core takes the name from the
// connection, so nobody types who they are here.
import { useCallback, useMemo, useState } from 'react';
import type { AnyIncident } from '../../../shared/incidents.ts';
import { useApi } from '../api/api-context.tsx';
import { useAppActions } from '../app/app-actions.tsx';
import { useToast } from '../app/toasts.tsx';
import type { TextDialogSpec } from './TextDialog.tsx';

const subject = (i: AnyIncident): string => (i.kind === 'site' ? i.siteName : `Fleet incident (${i.openSiteCount} sites)`);

export function useTriageActions() {
  const api = useApi();
  const toast = useToast();
  const me = useAppActions().info?.operator ?? '';
  const [dialog, setDialog] = useState<TextDialogSpec | null>(null);

  const acknowledge = useCallback(
    (incident: AnyIncident) => {
      void api.call('incidents.acknowledge', { id: incident.id }).then((r) =>
        toast(r.ok ? { tone: 'ok', title: `Acknowledged: ${subject(incident)}` } : { tone: 'bad', title: 'Could not acknowledge', body: r.error.message }),
      );
    },
    [api, toast],
  );

  const assign = useCallback(
    (incident: AnyIncident) =>
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
    [api, toast, me],
  );

  const note = useCallback(
    (incident: AnyIncident) =>
      setDialog({
        title: `Note: ${subject(incident)}`,
        label: 'Note for whoever picks this up next',
        submit: 'Add note',
        multiline: true,
        onSubmit: (text) => {
          void api.call('incidents.addNote', { id: incident.id, text }).then((r) =>
            toast(r.ok ? { tone: 'ok', title: 'Note added', body: subject(incident) } : { tone: 'bad', title: 'Could not add the note', body: r.error.message }),
          );
        },
      }),
    [api, toast],
  );

  const rowActions = useMemo(() => ({ acknowledge, assign, note }), [acknowledge, assign, note]);
  const closeDialog = useCallback(() => setDialog(null), []);
  return { rowActions, dialog, closeDialog };
}
