import { useState, type ReactElement } from 'react';
import type { RoomDetail } from '../../app/inventory/room';
import { formatCount, formatKw, formatKwPair } from '../shell/format';
import { Meter } from '../shell/Meter';
import { Fact } from '../shell/ViewHeader';
import { Popover } from '../shell/Popover';

function metres(tiles: number, tileMm: number): string {
  return `${((tiles * tileMm) / 1000).toFixed(1)} m`;
}

type CoolingUnit = RoomDetail['coolingUnits'][number];

/** A big hall has dozens of CDUs; one line of them is enough until the technician asks for all. */
const UNITS_SHOWN_COLLAPSED = 8;

/** Cooling gear of the room on one wrapping line: name, capacity and loop, dense. */
function UnitLine(props: { title: string; units: readonly CoolingUnit[] }): ReactElement {
  const [all, setAll] = useState(false);
  const total = props.units.reduce((sum, u) => sum + u.capacityKw, 0);
  const shown = all ? props.units : props.units.slice(0, UNITS_SHOWN_COLLAPSED);
  const hidden = props.units.length - shown.length;
  return (
    <div className="unit-line">
      <span className="fact-label">
        {props.title} ({props.units.length}
        {props.units.length > 0 ? `, ${formatKw(total)}` : ''})
      </span>
      {props.units.length === 0 ? <span className="muted">none</span> : null}
      {shown.map((c) => (
        <span key={c.id} className="unit-chip" title={`${c.kind} ${c.name}, ${c.capacityKw} kW${c.loop ? `, loop ${c.loop}` : ''}`}>
          {c.name} <span className="muted">{c.capacityKw} kW{c.loop ? ` · ${c.loop}` : ''}</span>
        </span>
      ))}
      {hidden > 0 ? (
        <button type="button" className="link-btn" onClick={() => setAll(true)}>
          +{hidden} more
        </button>
      ) : null}
      {all && props.units.length > UNITS_SHOWN_COLLAPSED ? (
        <button type="button" className="link-btn" onClick={() => setAll(false)}>
          fewer
        </button>
      ) : null}
    </div>
  );
}

/** Every fact and every cooling unit of the room: the panel the one-line summary opens. */
function AllFacts(props: { room: RoomDetail }): ReactElement {
  const { room } = props;
  const cdus = room.coolingUnits.filter((c) => c.kind === 'CDU');
  const air = room.coolingUnits.filter((c) => c.kind !== 'CDU');
  return (
    <>
      <div className="facts">
        <Fact label="Site">
          {room.site.code} · {room.site.name}
          <div className="fact-sub">{room.site.timezone}</div>
        </Fact>
        <Fact label="ASHRAE">{room.ashraeClass}</Fact>
        <Fact label="Floor">
          {room.widthTiles} × {room.depthTiles} tiles
          <div className="fact-sub">
            {metres(room.widthTiles, room.tileMm)} × {metres(room.depthTiles, room.tileMm)} · {room.tileMm} mm tiles
          </div>
        </Fact>
        <Fact label="Racks">
          {formatCount(room.racks)}
          <div className="fact-sub">{room.rows} rows</div>
        </Fact>
        <Fact label="Devices">{formatCount(room.devices)}</Fact>
        <Fact label="GPUs">
          {formatCount(room.accelerators)}
          <div className={room.acceleratorsNotOk > 0 ? 'fact-sub band-over' : 'fact-sub'}>{formatCount(room.acceleratorsNotOk)} not ok</div>
        </Fact>
        <Fact label="Power max / budget" wide>
          <Meter used={room.powerMaxKw} total={room.powerBudgetKw} label={formatKwPair(room.powerMaxKw, room.powerBudgetKw)} />
        </Fact>
      </div>
      <div className="unit-lines">
        <UnitLine title="CDUs" units={cdus} />
        <UnitLine title="CRAH/CRAC" units={air} />
      </div>
    </>
  );
}

/**
 * The hall's facts on one line (class, floor, racks, GPUs, power against budget) and everything else —
 * site, time zone, each CDU and CRAH — in a popover, so the map below keeps the screen.
 */
export function RoomFacts(props: { room: RoomDetail }): ReactElement {
  const { room } = props;
  const cdus = room.coolingUnits.filter((c) => c.kind === 'CDU').length;
  const air = room.coolingUnits.length - cdus;
  const over = room.powerBudgetKw > 0 && room.powerMaxKw > room.powerBudgetKw;
  return (
    <div className="room-facts-line">
      <span className="room-facts-summary" data-testid="room-facts">
        <span title={`${metres(room.widthTiles, room.tileMm)} × ${metres(room.depthTiles, room.tileMm)}, ${room.tileMm} mm tiles`}>
          {room.widthTiles}×{room.depthTiles} tiles
        </span>
        <span>{formatCount(room.racks)} racks</span>
        <span>
          {formatCount(room.accelerators)} GPUs
          {room.acceleratorsNotOk > 0 ? <span className="band-over"> ({formatCount(room.acceleratorsNotOk)} not ok)</span> : null}
        </span>
        <span className={over ? 'band-over' : undefined}>{formatKwPair(room.powerMaxKw, room.powerBudgetKw)}</span>
      </span>
      <Popover label={`${cdus} CDU · ${air} CRAH`} title="Hall facts and cooling units" align="end">
        <AllFacts room={room} />
      </Popover>
    </div>
  );
}
