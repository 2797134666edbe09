import { useState } from 'react';
import type { Settings } from '../../../../shared/settings.ts';
import { Field } from './Field.tsx';
import { SaveForm, Section } from './Section.tsx';
import type { FieldErrors } from './settings-model.ts';
import { useSectionSave } from './use-section-save.ts';

type Tiles = Settings['map']['tiles'];

const CHOICES: { value: Tiles; label: string; hint: string }[] = [
  { value: 'osm', label: 'OpenStreetMap', hint: 'Free street map from tile.openstreetmap.org. Needs internet access from this computer.' },
  { value: 'os', label: 'Ordnance Survey', hint: "OS Maps API with the authority's own API key (councils have one through the Public Sector Geospatial Agreement)." },
  { value: 'none', label: 'No basemap', hint: 'A plain background with the schools still placed: for networks that block tile servers.' },
];

export function MapSection({ settings, onSaved }: { settings: Settings; onSaved: (s: Settings) => void }) {
  const [tiles, setTiles] = useState<Tiles>(settings.map.tiles);
  const [key, setKey] = useState(settings.map.osApiKey ?? '');
  const { saving, errors, status, save } = useSectionSave(onSaved);

  const submit = async () => {
    const osApiKey = key.trim() === '' ? null : key.trim();
    // The schema allows OS without a key (it may be added later); saving one that cannot load tiles helps nobody.
    const missing: FieldErrors = tiles === 'os' && osApiKey === null ? { 'map.osApiKey': 'Ordnance Survey tiles need an API key' } : {};
    await save({ map: { tiles, osApiKey } }, missing);
  };

  return (
    <Section
      id="map"
      title="Map"
      intro={<p>The background of the fleet map. Without network access the map falls back to a plain background; the schools stay on it and clickable.</p>}
    >
      <SaveForm id="map" label="Map" saving={saving} status={status} onSubmit={submit}>
        <fieldset className="settings-choices">
          <legend>Basemap tiles</legend>
          {CHOICES.map((c) => (
            <label key={c.value} className={`settings-choice${tiles === c.value ? ' is-chosen' : ''}`}>
              <input type="radio" name="map-tiles" value={c.value} checked={tiles === c.value} onChange={() => setTiles(c.value)} data-testid={`tiles-${c.value}`} />
              <span>
                <strong>{c.label}</strong>
                <span className="field-hint">{c.hint}</span>
              </span>
            </label>
          ))}
        </fieldset>
        {tiles === 'os' && (
          <Field
            field="map.osApiKey"
            label="OS Maps API key"
            width="wide"
            value={key}
            onChange={setKey}
            error={errors['map.osApiKey']}
            hint="From the OS Data Hub (osdatahub.os.uk), project API key. Letters, digits and dashes."
          />
        )}
      </SaveForm>
    </Section>
  );
}
