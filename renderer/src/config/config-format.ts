// Settings in a person's words, for diffs, previews and the site's config: each path's
// name ("Attendance days") and each value as read ("Mon–Fri", "none", "not set").
import { CONFIG_STATE_LABELS, type ConfigFields, type ConfigState } from '../../../shared/fleet-config.ts';
import { DATASET_LABELS, DATASETS, type AgentConfig, type Dataset } from '../../../shared/protocol/v1.ts';
import { formatDays } from '../views/site/schedule-format.ts';

const isDataset = (s: string | undefined): s is Dataset => s !== undefined && (DATASETS as readonly string[]).includes(s);

const TOP: Record<string, string> = {
  endpointUrl: 'Endpoint',
  schoolId: 'School ID',
  enabled: 'Datasets enabled',
  logLevel: 'Log level',
  proxy: 'Proxy',
  'mis.product': 'MIS product',
  'mis.server': 'MIS server',
  'mis.database': 'MIS database',
};

/** "schedule.attendance" → "Attendance times"; "days.pupils" → "Pupils and contacts days". */
export function pathLabel(path: string): string {
  const [head, ds] = path.split('.');
  if ((head === 'schedule' || head === 'days') && isDataset(ds)) return `${DATASET_LABELS[ds]} ${head === 'schedule' ? 'times' : 'days'}`;
  return TOP[path] ?? path;
}

const isNumbers = (v: unknown): v is number[] => Array.isArray(v) && v.every((x) => typeof x === 'number');
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** A value as a person reads it; `path` says how (days are weekdays, enabled are datasets). */
export function describeValue(path: string, value: unknown): string {
  if (value === undefined) return 'not set';
  if (value === null) return path === 'proxy' ? 'none' : '—';
  if (path.startsWith('days.') && isNumbers(value)) return formatDays(value);
  if (path === 'enabled' && isStrings(value)) return value.length === DATASETS.length ? 'all' : value.map((d) => (isDataset(d) ? DATASET_LABELS[d] : d)).join(', ');
  if (isStrings(value)) return value.join(', ');
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** A whole agent config as rows of path and value, in the order a person checks them. */
export function configRows(c: AgentConfig): { path: string; value: unknown }[] {
  const rows: { path: string; value: unknown }[] = [
    { path: 'endpointUrl', value: c.endpointUrl },
    { path: 'schoolId', value: c.schoolId },
    { path: 'mis.product', value: c.mis.product },
    { path: 'mis.server', value: c.mis.server },
    { path: 'mis.database', value: c.mis.database },
  ];
  for (const d of DATASETS) rows.push({ path: `schedule.${d}`, value: c.schedule[d] }, { path: `days.${d}`, value: c.days[d] });
  rows.push({ path: 'enabled', value: c.enabled ?? [...DATASETS] }, { path: 'logLevel', value: c.logLevel }, { path: 'proxy', value: c.proxy });
  return rows;
}

/** What a template or override sets, as rows (only the settings it sets). */
export function fieldRows(f: ConfigFields): { path: string; value: unknown }[] {
  const rows: { path: string; value: unknown }[] = [];
  if (f.endpointUrl !== undefined) rows.push({ path: 'endpointUrl', value: f.endpointUrl });
  if (f.schoolId !== undefined) rows.push({ path: 'schoolId', value: f.schoolId });
  for (const d of DATASETS) {
    if (f.schedule?.[d]) rows.push({ path: `schedule.${d}`, value: f.schedule[d] });
    if (f.days?.[d]) rows.push({ path: `days.${d}`, value: f.days[d] });
  }
  if (f.enabled !== undefined) rows.push({ path: 'enabled', value: f.enabled });
  if (f.logLevel !== undefined) rows.push({ path: 'logLevel', value: f.logLevel });
  if (f.proxy !== undefined) rows.push({ path: 'proxy', value: f.proxy });
  return rows;
}

/** "sha256:772b85eda489…" → "772b85eda4": enough to compare by eye. */
export const shortHash = (hash: string | null | undefined): string => (hash ? hash.replace(/^sha256:/, '').slice(0, 10) : '—');

export const configStateLabel = (s: ConfigState): string => CONFIG_STATE_LABELS[s];
