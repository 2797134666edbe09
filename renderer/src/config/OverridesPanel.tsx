// Overrides laid over the template: per area, per tag (in tag-name order) and per site, in
// that order, each with the note of its last change. Edited with the template's field editor.
import { useCallback, useState } from 'react';
import { OVERRIDE_SCOPES, type Override, type OverrideScope } from '../../../shared/fleet-config.ts';
import { useApi } from '../api/api-context.tsx';
import { useToast } from '../app/toasts.tsx';
import { Busy } from '../components/Busy.tsx';
import { EmptyState } from '../components/EmptyState.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { formatLondonShort } from '../components/format.ts';
import { Panel } from '../components/Panel.tsx';
import { useLive } from '../components/use-live.ts';
import { TextDialog } from '../triage/TextDialog.tsx';
import { describeValue, fieldRows, pathLabel } from './config-format.ts';
import { OverrideForm } from './OverrideForm.tsx';

export const SCOPE_LABELS: Record<OverrideScope, string> = { area: 'Area', tag: 'Tag', site: 'Site' };

type Editing = { override: Override | null; n: number } | null;

export function OverridesPanel() {
  const api = useApi();
  const toast = useToast();
  const read = useCallback(() => api.call('config.overrides', {}), [api]);
  const { data, error, reload } = useLive(read, 'config.changed');
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<Override | null>(null);
  const list = data ? [...data].sort((a, b) => OVERRIDE_SCOPES.indexOf(a.scope) - OVERRIDE_SCOPES.indexOf(b.scope) || a.label.localeCompare(b.label)) : null;

  const remove = async (o: Override, note: string) => {
    const r = await api.call('config.deleteOverride', { scope: o.scope, key: o.key, note });
    setDeleting(null);
    toast(r.ok ? { tone: 'ok', title: `Removed the ${SCOPE_LABELS[o.scope].toLowerCase()} override for ${o.label}` } : { tone: 'bad', title: 'Could not remove the override', body: r.error.message });
    reload();
  };

  return (
    <Panel
      title="Overrides"
      testId="overrides"
      actions={
        <button type="button" onClick={() => setEditing((e) => ({ override: null, n: (e?.n ?? 0) + 1 }))} data-testid="override-new">
          New override
        </button>
      }
    >
      <p className="muted small">Laid over the template in this order: area, then tags (by name), then the site’s own. The last one to set a setting wins.</p>
      {editing && (
        <OverrideForm
          key={editing.n}
          override={editing.override}
          onDone={() => {
            setEditing(null);
            reload();
          }}
        />
      )}
      {error && <ErrorNotice title="Could not load the overrides">{error}</ErrorNotice>}
      {!list ? (
        !error && <Busy label="Loading…" />
      ) : list.length === 0 ? (
        <EmptyState title="No overrides" testId="overrides-empty">
          Every site gets its template as it is.
        </EmptyState>
      ) : (
        <table className="ui-table" data-testid="overrides-table">
          <thead>
            <tr>
              <th scope="col">Applies to</th>
              <th scope="col">Sets</th>
              <th scope="col">Last change</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((o) => (
              <tr key={`${o.scope}:${o.key}`} data-testid={`override-${o.scope}-${o.key}`}>
                <td>
                  <span className="ui-tag">{SCOPE_LABELS[o.scope]}</span> {o.label}
                </td>
                <td>
                  <ul className="cfg-sets">
                    {fieldRows(o.fields).map((r) => (
                      <li key={r.path}>
                        {pathLabel(r.path)}: <span className="mono">{describeValue(r.path, r.value)}</span>
                      </li>
                    ))}
                  </ul>
                </td>
                <td>
                  {o.author}, {formatLondonShort(o.updatedAt)}
                  <div className="ui-muted small">{o.note}</div>
                </td>
                <td className="row-actions">
                  <button type="button" onClick={() => setEditing((e) => ({ override: o, n: (e?.n ?? 0) + 1 }))} aria-label={`Edit the override for ${o.label}`}>
                    Edit
                  </button>
                  <button type="button" onClick={() => setDeleting(o)} aria-label={`Remove the override for ${o.label}`}>
                    Remove…
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {deleting && (
        <TextDialog
          spec={{ title: `Remove the override for ${deleting.label}?`, label: 'What changed and why (required)', submit: 'Remove override', multiline: true, hint: 'The sites it covered go back to their template’s values at the next rollout.', onSubmit: (note) => void remove(deleting, note) }}
          onClose={() => setDeleting(null)}
        />
      )}
    </Panel>
  );
}
