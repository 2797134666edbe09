// The rollout plan's choices: which sites, the canary, the waves after it, the wait and the
// health gate between them, the failure threshold, approval, rollback and local changes.
import { DialogField } from '../actions/DialogField.tsx';
import { SegmentedControl } from '../components/SegmentedControl.tsx';
import type { PlanForm } from './rollout-form.ts';

interface Props {
  form: PlanForm;
  onChange: (patch: Partial<PlanForm>) => void;
  errors: Record<string, string>;
  following: number;
  selected: number;
}

export function PlanFields({ form, onChange, errors, following, selected }: Props) {
  return (
    <div className="ro-plan-fields">
      <div className="ro-scope">
        <SegmentedControl
          label="Sites"
          value={form.scope}
          options={[
            { value: 'all', label: `All that follow it (${following})` },
            { value: 'selection', label: `The fleet selection (${selected})` },
          ]}
          onChange={(scope) => onChange({ scope })}
          testId="rollout-scope"
        />
        {errors.siteIds && <span className="field-error">{errors.siteIds}</span>}
      </div>
      <fieldset className="ad-pacing">
        <legend>Stages</legend>
        <DialogField name="canary" label="Canary" value={form.canary} onChange={(canary) => onChange({ canary })} error={errors['canary.count']} unit="sites" hint="Spread over types and phases; 0 for none" />
        <DialogField name="waves" label="Waves after it" value={form.waves} onChange={(waves) => onChange({ waves })} error={errors.waves} numeric={false} hint="e.g. 10, 25% — the rest is the last wave" />
        <DialogField name="waitMin" label="Wait between waves" value={form.waitMin} onChange={(waitMin) => onChange({ waitMin })} error={errors.waitBetweenS} unit="min" />
      </fieldset>
      <fieldset className="ad-pacing">
        <legend>Health gate after each wave</legend>
        <DialogField name="gateWindowMin" label="Window" value={form.gateWindowMin} onChange={(gateWindowMin) => onChange({ gateWindowMin })} error={errors['gate.windowMin']} unit="min" hint="Each site must pass within it" />
        <div className="field ad-field">
          <label htmlFor="ro-gate-rule">Each site must be</label>
          <select id="ro-gate-rule" value={form.gateRule} onChange={(e) => onChange({ gateRule: e.target.value === 'healthy' ? 'healthy' : 'no-worse' })} data-testid="rollout-gate-rule">
            <option value="no-worse">No worse than before</option>
            <option value="healthy">Healthy</option>
          </select>
        </div>
        <DialogField name="maxFailurePct" label="A wave fails above" value={form.maxFailurePct} onChange={(maxFailurePct) => onChange({ maxFailurePct })} error={errors.maxFailurePct} unit="% failed" />
      </fieldset>
      <div className="ro-checks">
        <label className="toggle">
          <input type="checkbox" checked={form.approvalBetweenWaves} onChange={(e) => onChange({ approvalBetweenWaves: e.target.checked })} data-testid="rollout-approval" />
          Someone approves each wave before it starts
        </label>
        <label className="toggle">
          <input type="checkbox" checked={form.rollbackAll} onChange={(e) => onChange({ rollbackAll: e.target.checked })} data-testid="rollout-rollback-all" />
          When a wave fails, roll back every site the rollout changed (not only that wave’s)
        </label>
        <label className="toggle">
          <input type="checkbox" checked={form.includeChangedLocally} onChange={(e) => onChange({ includeChangedLocally: e.target.checked })} data-testid="rollout-include-local" />
          Include sites whose config was changed on the school server (left out otherwise)
        </label>
      </div>
    </div>
  );
}
