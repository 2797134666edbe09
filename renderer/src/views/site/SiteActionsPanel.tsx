// What has been and will be done at this school: actions waiting for it to come back
// (with Cancel), and the last few actions with how they went.
import { useCallback } from 'react';
import { ACTION_STATE_LABELS } from '../../../../shared/actions.ts';
import { useApi } from '../../api/api-context.tsx';
import { paramsLabel } from '../../actions/action-format.ts';
import { QueueTable } from '../../actions/QueueTable.tsx';
import { Verification } from '../../actions/RunGroup.tsx';
import { useLiveActions } from '../../actions/use-live-actions.ts';
import { routeHref, runRoute } from '../../app/router.ts';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { formatLondonShort } from '../../components/format.ts';
import { Panel } from '../../components/Panel.tsx';

export function SiteActionsPanel({ siteId }: { siteId: number }) {
  const api = useApi();
  const readQueue = useCallback(() => api.call('actions.queue', { siteId }), [api, siteId]);
  const readRecent = useCallback(() => api.call('actions.journal', { siteId, limit: 10 }), [api, siteId]);
  const queue = useLiveActions(readQueue);
  const recent = useLiveActions(readRecent);
  return (
    <Panel title="Remote actions" testId="site-actions-panel">
      {(queue.error ?? recent.error) && <ErrorNotice title="Could not load this site’s actions">{queue.error ?? recent.error}</ErrorNotice>}
      {queue.data && queue.data.length > 0 && (
        <div data-testid="site-upcoming">
          <h4 className="ad-subhead">Upcoming (waiting for the site)</h4>
          <QueueTable actions={queue.data} showSite={false} onChanged={queue.reload} />
        </div>
      )}
      <h4 className="ad-subhead">Recent actions</h4>
      {recent.data && recent.data.length === 0 ? (
        <p className="ui-muted">None yet. Use Restart…, Resync… or Diagnostics… above.</p>
      ) : (
        <ul className="site-recent-actions" data-testid="site-recent-actions">
          {(recent.data ?? []).map((a) => (
            <li key={a.id} data-testid={`site-action-${a.id}`} data-state={a.state} data-verification={a.verification}>
              <a href={routeHref(runRoute(a.runId))}>{paramsLabel(a.params)}</a>
              <span>{ACTION_STATE_LABELS[a.state]}</span>
              <Verification action={a} />
              <span className="ui-muted">
                {a.actor}, {formatLondonShort(a.createdAt)}
              </span>
              {a.errorCode && <code className="ui-code">{a.errorCode}</code>}
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}
