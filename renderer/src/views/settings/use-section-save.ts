import { useState } from 'react';
import type { Settings } from '../../../../shared/settings.ts';
import { useApi } from '../../api/api-context.tsx';
import { coreFieldErrors, validatePatch, type FieldErrors, type SettingsPatch } from './settings-model.ts';

export type SectionStatus = { kind: 'idle' } | { kind: 'saved'; message: string } | { kind: 'error'; message: string };

const time = () => new Date().toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });

/**
 * One section's save: checks the patch with the shared schema first, so a bad value never
 * reaches the core, then sends only that section's keys so other sections' unsaved edits survive.
 */
export function useSectionSave(onSaved: (s: Settings) => void) {
  const api = useApi();
  const [saving, setSaving] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [status, setStatus] = useState<SectionStatus>({ kind: 'idle' });

  const save = async (patch: SettingsPatch, extraErrors: FieldErrors = {}): Promise<Settings | null> => {
    const local = { ...extraErrors, ...validatePatch(patch) };
    setErrors(local);
    if (Object.keys(local).length > 0) {
      setStatus({ kind: 'error', message: 'Nothing was saved: check the highlighted fields.' });
      return null;
    }
    setSaving(true);
    setStatus({ kind: 'idle' });
    const r = await api.call('settings.update', { patch });
    setSaving(false);
    if (!r.ok) {
      setErrors(coreFieldErrors(r.error.fields));
      setStatus({ kind: 'error', message: `Not saved: ${r.error.message}` });
      return null;
    }
    onSaved(r.data);
    setStatus({ kind: 'saved', message: `Saved at ${time()}.` });
    return r.data;
  };

  return { saving, errors, status, save, setStatus };
}
