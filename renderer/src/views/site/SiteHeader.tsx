// Who the school is, as GIAS knows it. Academies are flagged: the census backs up nothing
// for them, so a failing academy matters more.
import { formatLaestab, isAcademy, type Site } from '../../../../shared/site.ts';
import { formatCount } from '../../components/format.ts';

export function SiteHeader({ site }: { site: Site }) {
  const academy = isAcademy(site.typeGroup);
  const facts: [string, string][] = [
    ['URN', String(site.urn)],
    ['LAESTAB', formatLaestab(site.laestab) || '—'],
    ['Type group', site.typeGroup ?? '—'],
    ['Type', site.type ?? '—'],
    ['Phase', site.phase ?? '—'],
    ['Pupils', site.pupils === null ? '—' : formatCount(site.pupils)],
    ['Trust', site.trust ?? '—'],
    ['Area', site.area ?? '—'],
  ];
  return (
    <div className="sd-identity">
      <div className="sd-title-row">
        <h2 id="site-title" data-testid="site-name">
          {site.name}
        </h2>
        {academy && (
          <span className="ui-tag ui-tag-academy" data-testid="site-academy" title="Academies have no census attendance or exclusions to fall back on">
            ★ Academy
          </span>
        )}
        {site.demo && <span className="ui-tag">Demo</span>}
      </div>
      <dl className="sd-facts">
        {facts.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd data-testid={`site-${k.toLowerCase().replace(' ', '-')}`}>{v}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
