// One site's config as the console sees it: its state, its template, the desired config
// with where each setting comes from, and what would change. Used by the template editor's
// preview (with a draft) and by site detail.
import type { SiteConfigView } from '../../../shared/contract.ts';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { formatLondonShort } from '../components/format.ts';
import { ConfigCompare } from './ConfigCompare.tsx';
import { ConfigStateBadge } from './ConfigStateBadge.tsx';
import { pathLabel, shortHash } from './config-format.ts';

export function SiteConfigSummary({ view }: { view: SiteConfigView }) {
  const n = view.changes.length;
  return (
    <div className="cfg-site-summary" data-testid="site-config-summary" data-state={view.state}>
      <dl className="ui-kv">
        <dt>State</dt>
        <dd>
          <ConfigStateBadge state={view.state} />
        </dd>
        <dt>Template</dt>
        <dd data-testid="site-config-template">{view.template ? `${view.template}${view.templateVersion !== null ? ` v${view.templateVersion}` : ''}` : 'None (not managed)'}</dd>
        <dt>Live hash</dt>
        <dd>
          {view.live ? (
            <>
              <code className="ui-code" title={view.live.hash}>
                {shortHash(view.live.hash)}
              </code>{' '}
              <span className="ui-muted">read {formatLondonShort(view.live.readAt)}</span>
            </>
          ) : (
            'not read yet'
          )}
        </dd>
        <dt>Desired hash</dt>
        <dd>
          {view.desired?.ok ? (
            <code className="ui-code" title={view.desired.hash}>
              {shortHash(view.desired.hash)}
            </code>
          ) : (
            '—'
          )}
        </dd>
        <dt>Would change</dt>
        <dd data-testid="site-config-change-count" data-n={n}>
          {n === 0 ? 'nothing' : view.changes.map((c) => pathLabel(c.path)).join(', ')}
        </dd>
      </dl>
      {view.desired && !view.desired.ok && (
        <ErrorNotice title="The layers do not make a valid config" testId="site-config-invalid">
          <p>{view.desired.message}</p>
          <ul>
            {Object.entries(view.desired.fields).map(([k, v]) => (
              <li key={k}>
                {pathLabel(k)}: {v}
              </li>
            ))}
          </ul>
        </ErrorNotice>
      )}
      <ConfigCompare view={view} />
    </div>
  );
}
