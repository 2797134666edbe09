import type { ReactNode } from 'react';
import type { ConfigState } from '../../../../shared/fleet-config.ts';
import { ConfigStateBadge } from '../../config/ConfigStateBadge.tsx';
import { VerdictBadge } from '../VerdictBadge.tsx';
import type { FleetRow } from '../fleet-row.ts';
import { formatAgo, formatExact } from '../format.ts';
import type { SortKey } from './sort.ts';

export interface Column {
  key: SortKey;
  label: string;
  /** CSS grid track. */
  width: string;
  cell: (row: FleetRow, now: number, config: ConfigState | undefined) => ReactNode;
  numeric?: boolean;
}

const time = (at: number | null, now: number): ReactNode => <time dateTime={at === null ? undefined : new Date(at).toISOString()} title={formatExact(at)}>{formatAgo(at, now)}</time>;

export const COLUMNS: Column[] = [
  { key: 'name', label: 'Name', width: 'minmax(260px, 2fr)', cell: (r) => <a href={`#/site/${r.id}`} className="row-link">{r.site.name}</a> },
  { key: 'urn', label: 'URN', width: '80px', cell: (r) => r.site.urn, numeric: true },
  { key: 'verdict', label: 'Status', width: '150px', cell: (r) => <VerdictBadge verdict={r.verdict} /> },
  { key: 'config', label: 'Config', width: '150px', cell: (_r, _now, config) => (config ? <ConfigStateBadge state={config} /> : <span className="muted">—</span>) },
  { key: 'reason', label: 'Reason', width: 'minmax(220px, 2.5fr)', cell: (r) => <span title={r.reason}>{r.reason}</span> },
  { key: 'polledAt', label: 'Last poll', width: '105px', cell: (r, now) => time(r.status?.polledAt ?? null, now) },
  { key: 'lastGoodAt', label: 'Last good transfer', width: '160px', cell: (r, now) => time(r.lastGoodAt, now) },
  { key: 'typeGroup', label: 'Type group', width: 'minmax(140px, 1fr)', cell: (r) => r.site.typeGroup },
  { key: 'phase', label: 'Phase', width: '110px', cell: (r) => r.site.phase },
  { key: 'trust', label: 'Trust', width: 'minmax(140px, 1fr)', cell: (r) => r.site.trust },
  { key: 'area', label: 'Area', width: '70px', cell: (r) => r.site.area },
  { key: 'pupils', label: 'Pupils', width: '70px', cell: (r) => r.site.pupils, numeric: true },
  { key: 'tags', label: 'Tags', width: 'minmax(90px, 1fr)', cell: (r) => r.site.tags.join(', ') },
];

export const GRID_TEMPLATE = COLUMNS.map((c) => c.width).join(' ');
