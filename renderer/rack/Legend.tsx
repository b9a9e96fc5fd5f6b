import type { ReactElement } from 'react';
import { ACCELERATOR_STATUSES, type DeviceCategory } from '../../app/inventory/types';
import { ACCELERATOR_COLORS, CATEGORY_COLORS, CATEGORY_LABELS } from '../../app/render/elevation';

/** Colour keys for the elevation: device categories present in this rack, and GPU slot states. */
export function Legend(props: { categories: readonly DeviceCategory[] }): ReactElement {
  return (
    <div className="legend">
      {props.categories.map((c) => (
        <span key={c} className="legend-item">
          <span className="swatch" style={{ background: CATEGORY_COLORS[c] }} />
          {CATEGORY_LABELS[c]}
        </span>
      ))}
      <span className="legend-sep" />
      {ACCELERATOR_STATUSES.map((s) => (
        <span key={s} className="legend-item">
          <span className="swatch swatch-small" style={{ background: ACCELERATOR_COLORS[s] }} />
          {s}
        </span>
      ))}
      <span className="legend-item">
        <span className="swatch swatch-small swatch-empty" />
        no GPU on record
      </span>
    </div>
  );
}
