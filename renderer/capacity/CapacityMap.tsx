import type { ReactElement } from 'react';
import type { FloorData } from '../../app/floor/types';
import { HEADROOM_STEPS, headroomColor, NO_VALUE_COLOR } from './headroom-color';

export interface MapRack {
  readonly id: number;
  readonly name: string;
  readonly value: number | null;
}

/** Pixels per floor tile at the map's natural size; the SVG scales to its box. */
const TILE_PX = 14;

/**
 * The hall to scale, racks coloured by a headroom figure. A plain SVG: a placement preview changes a
 * handful of racks, and the console's canvas map is for panning 5,000 racks, not for this.
 */
export function CapacityMap(props: {
  readonly floor: FloorData;
  readonly values: ReadonlyMap<number, number | null>;
  readonly highlight: ReadonlySet<number>;
  readonly preview: number | null;
  readonly title: string;
  onPick(rackId: number): void;
}): ReactElement {
  const { room } = props.floor;
  const width = room.widthTiles * TILE_PX;
  const height = room.depthTiles * TILE_PX;
  return (
    <figure className="cap-map">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={props.title} data-testid="capacity-map">
        <rect x={0} y={0} width={width} height={height} className="cap-floor" />
        {props.floor.coolingUnits.map((u) => (
          <rect key={`u${u.id}`} x={u.gridX * TILE_PX} y={u.gridY * TILE_PX} width={u.widthTiles * TILE_PX} height={u.depthTiles * TILE_PX} className={u.kind === 'CDU' ? 'cap-cdu' : 'cap-crah'}>
            <title>{u.name}</title>
          </rect>
        ))}
        {props.floor.racks.map((r) => {
          const value = props.values.get(r.id) ?? null;
          const w = (r.facing === 'E' || r.facing === 'W' ? r.depthTiles : r.widthTiles) * TILE_PX;
          const h = (r.facing === 'E' || r.facing === 'W' ? r.widthTiles : r.depthTiles) * TILE_PX;
          const cls = props.preview === r.id ? 'cap-rack cap-preview' : props.highlight.has(r.id) ? 'cap-rack cap-candidate' : 'cap-rack';
          return (
            <rect
              key={r.id}
              x={r.gridX * TILE_PX + 1}
              y={r.gridY * TILE_PX + 1}
              width={w - 2}
              height={h - 2}
              fill={headroomColor(value)}
              className={cls}
              data-rack={r.name}
              onClick={() => props.onPick(r.id)}
            >
              <title>{`${r.name}: ${value === null ? 'no figure' : `${value.toFixed(1)} kW`}`}</title>
            </rect>
          );
        })}
      </svg>
      <figcaption className="cap-legend">
        <span className="cap-legend-title">{props.title}</span>
        {HEADROOM_STEPS.map((s) => (
          <span key={s.label} className="cap-key">
            <i style={{ background: s.color }} />
            {s.label}
          </span>
        ))}
        <span className="cap-key">
          <i style={{ background: NO_VALUE_COLOR }} />
          no feed
        </span>
        <span className="cap-key">
          <i className="cap-key-outline" />
          fits the what-if
        </span>
      </figcaption>
    </figure>
  );
}
