import { Fragment } from 'react';
import type { AuditEntry } from '../../../../shared/audit.ts';
import { formatLondonTime } from '../../components/format.ts';
import { routeHref, siteRoute } from '../../app/router.ts';
import { shortHash } from './audit-model.ts';

const OK_OUTCOMES = new Set(['ok', 'succeeded', 'started']);

export function AuditTable({ entries, siteNames, open, highlight, onToggle }: { entries: AuditEntry[]; siteNames: ReadonlyMap<number, string>; open: ReadonlySet<number>; highlight: number | null; onToggle: (id: number) => void }) {
  return (
    <table className="ui-table au-table" data-testid="audit-table">
      <caption className="visually-hidden">Audit trail, newest first</caption>
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">When</th>
          <th scope="col">Who</th>
          <th scope="col">Action</th>
          <th scope="col">Site</th>
          <th scope="col">Target</th>
          <th scope="col">Outcome</th>
          <th scope="col">
            <span className="visually-hidden">Detail</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => {
          const shown = open.has(e.id);
          const detailId = `audit-detail-${e.id}`;
          return (
            <Fragment key={e.id}>
              <tr id={`audit-entry-${e.id}`} className={e.id === highlight ? 'au-highlight' : undefined} tabIndex={-1} data-testid={`audit-row-${e.id}`}>
                <td className="num">{e.id}</td>
                <td className="au-when">{formatLondonTime(e.at)}</td>
                <td className="au-who" data-testid="audit-actor">{e.actor}</td>
                <td>
                  <code data-testid="audit-action">{e.action}</code>
                </td>
                <td>{e.siteId === null ? '—' : <a href={routeHref(siteRoute(e.siteId))}>{siteNames.get(e.siteId) ?? `Site ${e.siteId}`}</a>}</td>
                <td className="au-target">{e.target ?? '—'}</td>
                <td>
                  <span className={`ui-tag${OK_OUTCOMES.has(e.outcome) ? '' : ' ui-tag-strong'}`}>{e.outcome}</span>
                </td>
                <td>
                  <button type="button" className="link-button" aria-expanded={shown} aria-controls={shown ? detailId : undefined} onClick={() => onToggle(e.id)} data-testid={`audit-detail-toggle-${e.id}`}>
                    {shown ? 'Hide' : 'Detail'}
                    <span className="visually-hidden"> of entry {e.id}</span>
                  </button>
                </td>
              </tr>
              {shown && (
                <tr id={detailId} className="au-detail" data-testid={detailId}>
                  <td colSpan={8}>
                    <pre>{JSON.stringify(e.detail, null, 2)}</pre>
                    <p className="ui-muted">
                      Hash <code>{shortHash(e.hash)}</code>, after <code>{shortHash(e.prevHash)}</code>
                    </p>
                  </td>
                </tr>
              )}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}
