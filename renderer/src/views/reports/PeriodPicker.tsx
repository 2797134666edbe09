// Which period the report covers: the school calendar's weeks, terms and years, or any dates.
import { SegmentedControl } from '../../components/SegmentedControl.tsx';
import { PRESETS, type PresetId } from './periods.ts';

export interface PeriodPickerProps {
  preset: PresetId;
  onPreset: (id: PresetId) => void;
  customStart: string;
  customEnd: string;
  onCustom: (start: string, end: string) => void;
  problem: string | null;
}

export function PeriodPicker({ preset, onPreset, customStart, customEnd, onCustom, problem }: PeriodPickerProps) {
  return (
    <div className="rp-period no-print">
      <SegmentedControl label="Report period" value={preset} options={PRESETS.map((p) => ({ value: p.id, label: p.label }))} onChange={onPreset} testId="period" />
      {preset === 'custom' && (
        <div className="rp-custom" role="group" aria-label="Custom period">
          <label className="ui-inline-field">
            From
            <input type="date" value={customStart} onChange={(e) => onCustom(e.target.value, customEnd)} data-testid="period-from" />
          </label>
          <label className="ui-inline-field">
            to
            <input type="date" value={customEnd} onChange={(e) => onCustom(customStart, e.target.value)} data-testid="period-to" />
          </label>
        </div>
      )}
      {problem && (
        <p className="rp-period-problem" role="status" data-testid="period-problem">
          {problem}
        </p>
      )}
    </div>
  );
}
