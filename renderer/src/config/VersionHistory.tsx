// Every version of a template, newest first: who saved it, their note, when; any version's
// settings can be read, and taken as the start of the next edit.
import { useCallback, useState } from 'react';
import type { Template } from '../../../shared/fleet-config.ts';
import { useApi } from '../api/api-context.tsx';
import { Busy } from '../components/Busy.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { formatLondonShort } from '../components/format.ts';
import { useLive } from '../components/use-live.ts';
import { describeValue, fieldRows, pathLabel } from './config-format.ts';

function VersionFields({ t }: { t: Template }) {
  const rows = fieldRows(t.fields);
  if (rows.length === 0) return <p className="muted">This version sets nothing: every site keeps its own config.</p>;
  return (
    <dl className="ui-kv cfg-version-fields" data-testid={`version-fields-${t.version}`}>
      {rows.map((r) => (
        <div key={r.path} className="cfg-kv-pair">
          <dt>{pathLabel(r.path)}</dt>
          <dd className="mono">{describeValue(r.path, r.value)}</dd>
        </div>
      ))}
    </dl>
  );
}

export function VersionHistory({ name, onStartFrom }: { name: string; onStartFrom: (t: Template) => void }) {
  const api = useApi();
  const read = useCallback(() => api.call('config.templateVersions', { name }), [api, name]);
  const { data, error } = useLive(read, 'config.changed');
  const [open, setOpen] = useState<number | null>(null);
  if (error && !data) return <ErrorNotice title="Could not load the versions">{error}</ErrorNotice>;
  if (!data) return <Busy label="Loading the versions…" />;
  const versions = [...data].sort((a, b) => b.version - a.version);
  return (
    <ol className="cfg-versions" data-testid="template-versions" reversed>
      {versions.map((t) => (
        <li key={t.version} data-testid={`template-version-${t.version}`} data-version={t.version}>
          <div className="cfg-version-head">
            <strong>v{t.version}</strong>
            <span>{t.author}</span>
            <span className="ui-muted">{formatLondonShort(t.createdAt)}</span>
            <button type="button" className="link-button" aria-expanded={open === t.version} onClick={() => setOpen(open === t.version ? null : t.version)} data-testid={`version-view-${t.version}`}>
              {open === t.version ? 'Hide its settings' : 'View its settings'}
            </button>
            {t.version !== versions[0]?.version && (
              <button type="button" className="link-button" onClick={() => onStartFrom(t)} data-testid={`version-restore-${t.version}`}>
                Edit from this version
              </button>
            )}
          </div>
          <p className="cfg-version-note">{t.note}</p>
          {open === t.version && <VersionFields t={t} />}
        </li>
      ))}
    </ol>
  );
}
