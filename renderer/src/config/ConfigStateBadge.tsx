import { memo } from 'react';
import type { ConfigState } from '../../../shared/fleet-config.ts';
import { configStateLabel } from './config-format.ts';
import { configIconMarkup } from './config-style.ts';
import { CONFIG_STATE_STYLE } from './drift-model.ts';
import './config-badges.css';

/** The shape-and-glyph icon alone; give it words nearby or an accessible name on its parent. */
export const ConfigStateIcon = memo(function ConfigStateIcon({ state }: { state: ConfigState }) {
  // Built from our own constants, never from data.
  return <span className="cicon-wrap" dangerouslySetInnerHTML={{ __html: configIconMarkup(state) }} />;
});

export const ConfigStateBadge = memo(function ConfigStateBadge({ state }: { state: ConfigState }) {
  return (
    <span className={`cfg-badge ${CONFIG_STATE_STYLE[state].className}`} data-config-state={state} data-testid="config-state-badge">
      <ConfigStateIcon state={state} />
      {configStateLabel(state)}
    </span>
  );
});
