// One row per site whose host key waits for a person, with a checkbox each and one for all shown.
import { useEffect, useRef } from 'react';
import type { KnownHostsCheck, WaitingKey } from '../../../shared/host-keys.ts';
import { formatLondonShort } from '../components/format.ts';
import { routeHref, siteRoute } from '../app/router.ts';
import { VERDICT_TEXT, verdictOf } from './host-keys-model.ts';

interface Props {
  rows: readonly WaitingKey[];
  selected: ReadonlySet<number>;
  check: KnownHostsCheck | null;
  onToggle: (siteId: number) => void;
  onToggleAll: (select: boolean) => void;
}

export function HostKeysTable({ rows, selected, check, onToggle, onToggleAll }: Props) {
  const all = rows.length > 0 && rows.every((r) => selected.has(r.siteId));
  const some = rows.some((r) => selected.has(r.siteId));
  const allRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (allRef.current) allRef.current.indeterminate = some && !all;
  }, [some, all]);
  return (
    <table className="ui-table hk-table" data-testid="hostkeys-table">
      <caption className="visually-hidden">Sites whose host key waits for approval</caption>
      <thead>
        <tr>
          <th scope="col">
            <input ref={allRef} type="checkbox" checked={all} onChange={(e) => onToggleAll(e.target.checked)} aria-label="Select all shown sites" data-testid="hostkeys-select-all" />
          </th>
          <th scope="col">Site</th>
          <th scope="col">Area</th>
          <th scope="col">Key</th>
          <th scope="col">Fingerprint presented</th>
          <th scope="col">Since</th>
          {check && <th scope="col">known_hosts</th>}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => {
          const verdict = verdictOf(check, r);
          return (
            <tr key={r.siteId} data-testid="hostkeys-row" data-site-id={r.siteId} data-kind={r.kind}>
              <td>
                <input type="checkbox" checked={selected.has(r.siteId)} onChange={() => onToggle(r.siteId)} aria-label={`Select ${r.name}`} data-testid="hostkeys-select" />
              </td>
              <td>
                <a href={routeHref(siteRoute(r.siteId))}>{r.name}</a>
                <div className="ui-muted hk-host">
                  {r.host}:{r.port}
                </div>
              </td>
              <td>{r.area ?? <span className="ui-muted">—</span>}</td>
              <td>
                {r.kind === 'changed' ? (
                  <span className="hk-kind hk-kind-changed">⚠ Changed</span>
                ) : (
                  <span className="hk-kind hk-kind-first">First seen</span>
                )}
              </td>
              <td>
                <code className="ui-code hk-fp" data-testid="hostkeys-presented">
                  {r.presented}
                </code>
                {r.pinned && (
                  <div className="ui-muted hk-pinned">
                    pinned: <code className="ui-code hk-fp">{r.pinned}</code>
                  </div>
                )}
              </td>
              <td className="hk-since">{formatLondonShort(r.since)}</td>
              {check && (
                <td data-testid="hostkeys-kh" data-verdict={verdict ?? 'unchecked'}>
                  {verdict ? <span className={`hk-kh hk-kh-${verdict}`}>{VERDICT_TEXT[verdict]}</span> : <span className="ui-muted">Not checked</span>}
                </td>
              )}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
