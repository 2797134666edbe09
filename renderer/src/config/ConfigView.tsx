// Fleet configuration (#/config): templates (newest version each, and how many sites follow
// it), the template editor, and the per-area, per-tag and per-site overrides laid over them.
import { useCallback, useState } from 'react';
import type { Template } from '../../../shared/fleet-config.ts';
import { useApi } from '../api/api-context.tsx';
import { Busy } from '../components/Busy.tsx';
import { EmptyState } from '../components/EmptyState.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { formatLondonShort } from '../components/format.ts';
import { Panel } from '../components/Panel.tsx';
import { useLive } from '../components/use-live.ts';
import { RolloutPlanDialog } from '../rollouts/RolloutPlanDialog.tsx';
import { OverridesPanel } from './OverridesPanel.tsx';
import { TemplateEditor } from './TemplateEditor.tsx';
import './config.css';

type Chosen = { kind: 'template'; name: string } | { kind: 'new'; n: number } | null;

export function ConfigView() {
  const api = useApi();
  const read = useCallback(() => api.call('config.templates', {}), [api]);
  const templates = useLive(read, 'config.changed');
  const [chosen, setChosen] = useState<Chosen>(null);
  // By name: the dialog always gets the newest figures (how many sites follow it now).
  const [planning, setPlanning] = useState<string | null>(null);
  const list = templates.data ? [...templates.data].sort((a, b) => a.name.localeCompare(b.name)) : null;
  const first = list?.[0];
  const shown: Chosen = chosen ?? (first ? { kind: 'template', name: first.name } : list ? { kind: 'new', n: 0 } : null);
  const planningTemplate = planning === null ? null : (list?.find((t) => t.name === planning) ?? null);
  const saved = (name: string) => {
    setChosen({ kind: 'template', name });
    templates.reload();
  };
  const current = shown?.kind === 'template' ? (list?.find((t) => t.name === shown.name) ?? null) : null;

  return (
    <section className="config-view" aria-labelledby="config-title" data-testid="config-view">
      <div className="view-header">
        <div>
          <h2 id="config-title">Config</h2>
          <p className="muted view-hint">Templates say what each agent’s config should be; overrides adjust it per area, tag or site. Nothing changes on a school until a rollout sends it.</p>
        </div>
        <button type="button" onClick={() => setChosen((c) => ({ kind: 'new', n: (c?.kind === 'new' ? c.n : 0) + 1 }))} data-testid="template-new">
          New template
        </button>
      </div>
      <div className="config-columns">
        <Panel title="Templates" testId="template-list" className="config-list">
          {templates.error && <ErrorNotice title="Could not load the templates">{templates.error}</ErrorNotice>}
          {!list ? (
            !templates.error && <Busy label="Loading…" />
          ) : list.length === 0 ? (
            <EmptyState title="No templates yet">Write the first one here: what every school’s agent should send to, and when.</EmptyState>
          ) : (
            <ul className="cfg-template-list">
              {list.map((t) => {
                const active = shown?.kind === 'template' && shown.name === t.name;
                return (
                  <li key={t.name}>
                    <button type="button" className={active ? 'is-active' : undefined} aria-current={active ? 'true' : undefined} onClick={() => setChosen({ kind: 'template', name: t.name })} data-testid={`template-item-${t.name}`} data-version={t.version} data-sites={t.sites}>
                      <span className="cfg-template-name">{t.name}</span>
                      <span className="ui-muted small">
                        v{t.version} · {t.sites === 1 ? '1 site' : `${t.sites} sites`} · {formatLondonShort(t.createdAt)}
                      </span>
                    </button>
                  </li>
                );
              })}
            </ul>
          )}
        </Panel>
        <div className="config-main">
          {shown?.kind === 'new' && <TemplateEditor key={`new-${shown.n}`} template={null} onSaved={(t) => saved(t.name)} onRollOut={(t: Template) => setPlanning(t.name)} />}
          {shown?.kind === 'template' && current && <TemplateEditor key={`t-${current.name}`} template={current} onSaved={(t) => saved(t.name)} onRollOut={(t: Template) => setPlanning(t.name)} />}
        </div>
      </div>
      <OverridesPanel />
      {planningTemplate && <RolloutPlanDialog template={planningTemplate} onClose={() => setPlanning(null)} />}
    </section>
  );
}
