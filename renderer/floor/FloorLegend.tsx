import type { ReactElement } from 'react';
import type { Legend } from '../../app/render/floor-scene';

/** The colour key of the map: a ramp with its ticks and/or swatches with how many racks each covers. */
export function FloorLegend(props: { legend: Legend }): ReactElement {
  const { legend } = props;
  return (
    <div className="floor-legend" aria-label="Legend">
      <div className="floor-legend-title">{legend.title}</div>
      {legend.ramp ? (
        <div className="floor-legend-ramp">
          <div className="floor-legend-bar" style={{ background: `linear-gradient(to right, ${legend.ramp.stops.join(', ')})` }} />
          <div className="floor-legend-ticks">
            {legend.ramp.ticks.map((tick) => (
              <span key={tick.label} className="floor-legend-tick" style={{ left: `${tick.at * 100}%` }} data-edge={tick.at <= 0 ? 'start' : tick.at >= 1 ? 'end' : 'mid'}>
                {tick.label}
              </span>
            ))}
          </div>
        </div>
      ) : null}
      {legend.swatches.length > 0 ? (
        <div className="floor-legend-swatches">
          {legend.swatches.map((s) => (
            <span key={s.label} className="floor-legend-swatch">
              <span className="swatch" style={{ background: s.color }} />
              {s.label} <span className="muted">{s.count.toLocaleString('en-US')}</span>
            </span>
          ))}
        </div>
      ) : null}
      {legend.emptyNote ? <div className="floor-legend-note">{legend.emptyNote}</div> : null}
    </div>
  );
}
