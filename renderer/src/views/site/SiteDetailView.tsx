// A support engineer's drill-down on one school: verdict and why, which data stopped and
// since when, history, errors and logs, what is installed, and what has been done about it.
import { Busy } from '../../components/Busy.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { useNow } from '../../components/use-now.ts';
import { ConfigPanel, VersionsPanel } from './AgentPanel.tsx';
import { DatasetFreshnessPanel } from './DatasetFreshnessPanel.tsx';
import { HostKeyPanel } from './HostKeyPanel.tsx';
import { IncidentsPanel } from './IncidentsPanel.tsx';
import { LogTail } from './LogTail.tsx';
import { RecentErrors } from './RecentErrors.tsx';
import { SiteActions } from './SiteActions.tsx';
import { SiteActionsPanel } from './SiteActionsPanel.tsx';
import { SiteConfigPanel } from './SiteConfigPanel.tsx';
import { SiteHeader } from './SiteHeader.tsx';
import { SiteLineage } from './SiteLineage.tsx';
import { useSiteConfig } from './use-site-config.ts';
import { useSiteDetail } from './use-site-detail.ts';
import { VerdictPanel } from './VerdictPanel.tsx';
import { VerdictTimeline } from './VerdictTimeline.tsx';
import './site-detail.css';

export function SiteDetailView({ siteId, onBack }: { siteId: number; onBack: () => void }) {
  // Keyed by id: moving to another site starts from a clean slate, never a mix of two.
  return <SiteDetailBody key={siteId} siteId={siteId} onBack={onBack} />;
}

function SiteDetailBody({ siteId, onBack }: { siteId: number; onBack: () => void }) {
  const { detail, error, revision, reload } = useSiteDetail(siteId);
  const siteConfig = useSiteConfig(siteId);
  const now = useNow();
  const refresh = () => void reload();

  return (
    <section className="sd" aria-labelledby="site-title" data-testid="site-detail" data-site-id={siteId}>
      <nav className="sd-crumbs" aria-label="Breadcrumb">
        <button type="button" className="sd-back" onClick={onBack} data-testid="site-back">
          <span aria-hidden="true">←</span> Back to fleet
        </button>
      </nav>
      {error && !detail && (
        <ErrorNotice title="Could not open this site" testId="site-error">
          <p>{error}</p>
        </ErrorNotice>
      )}
      {!detail && !error && <Busy label="Loading the site…" testId="site-loading" />}
      {detail && (
        <>
          <header className="sd-head ui-card">
            <div className="sd-head-main">
              <SiteHeader site={detail.site} />
              <SiteLineage siteId={siteId} />
            </div>
            <div className="sd-head-side">
              <VerdictPanel status={detail.status} now={now} />
              <SiteActions siteId={siteId} status={detail.status} onChanged={refresh} />
            </div>
          </header>
          {error && <ErrorNotice title="Showing the last details we had">{error}</ErrorNotice>}
          <DatasetFreshnessPanel datasets={detail.status.datasets} agent={detail.agent} now={now} />
          <VerdictTimeline siteId={siteId} revision={revision} />
          <div className="sd-columns">
            <div className="sd-main">
              <RecentErrors detail={detail} now={now} />
              <SiteActionsPanel siteId={siteId} />
              <LogTail siteId={siteId} />
              <IncidentsPanel siteId={siteId} />
              <SiteConfigPanel siteId={siteId} view={siteConfig.data} error={siteConfig.error} onChanged={siteConfig.reload} />
            </div>
            <aside className="sd-side" aria-label="Installation">
              <VersionsPanel detail={detail} now={now} />
              <ConfigPanel detail={detail} readAt={siteConfig.data?.live?.readAt ?? null} />
              <HostKeyPanel siteId={siteId} hostKey={detail.status.hostKey} onApproved={refresh} />
            </aside>
          </div>
        </>
      )}
    </section>
  );
}
