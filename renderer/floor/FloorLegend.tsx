import type { ReactElement } from 'react';
import type { Legend } from '../../app/render/floor-scene';
import { ticksThatFit } from './label-placement';

/** The ramp's drawn width and the average width of one 12 px legend character, for tick placement. */
const RAMP_WIDTH_PX = 260;
const LEGEND_CHAR_PX = 7.2;

/**
 * The colour key of the map, on one strip beside the map (never over it): a ramp with the ticks that fit
 * without touching, and/or swatches with how many racks each covers.
 */
export function FloorLegend(props: { legend: Legend }): ReactElement {
  const { legend } = props;
  return (
    <div className="floor-legend" role="group" aria-label="Legend">
      <div className="floor-legend-title">{legend.title}</div>
      {legend.ramp ? (
        <div className="floor-legend-ramp">
          <div className="floor-legend-bar" style={{ background: `linear-gradient(to right, ${legend.ramp.stops.join(', ')})` }} />
          <div className="floor-legend-ticks">
            {ticksThatFit(legend.ramp.ticks, RAMP_WIDTH_PX, LEGEND_CHAR_PX).map((tick) => (
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
