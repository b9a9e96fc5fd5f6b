import type { ReactElement } from 'react';
import type { SiteNode } from '../../app/inventory/types';
import { formatCount, formatKwPair } from './format';
import { Meter } from './Meter';
import { routeHash } from './route';

/** Rooms of one or more sites with their counts; used by the home and site views. */
export function RoomsTable(props: { sites: readonly SiteNode[]; showSite: boolean }): ReactElement {
  return (
    <table className="table">
      <thead>
        <tr>
          {props.showSite ? <th>Site</th> : null}
          <th>Room</th>
          <th>ASHRAE</th>
          <th>Floor (tiles)</th>
          <th className="num">Racks</th>
          <th className="num">Devices</th>
          <th className="num">GPUs</th>
          <th>Power max / budget</th>
        </tr>
      </thead>
      <tbody>
        {props.sites.flatMap((site) =>
          site.rooms.map((room) => (
            <tr key={room.id} className="clickable" onClick={() => (window.location.hash = routeHash({ view: 'room', roomId: room.id, tab: 'racks' }))}>
              {props.showSite ? (
                <td>
                  <a href={routeHash({ view: 'site', siteId: site.id })} onClick={(e) => e.stopPropagation()}>
                    {site.code}
                  </a>{' '}
                  <span className="muted">{site.name}</span>
                </td>
              ) : null}
              <td>
                <a href={routeHash({ view: 'room', roomId: room.id, tab: 'racks' })} onClick={(e) => e.stopPropagation()} className="strong">
                  {room.name}
                </a>
              </td>
              <td>{room.ashraeClass}</td>
              <td>
                {room.widthTiles} × {room.depthTiles}
              </td>
              <td className="num">{formatCount(room.racks)}</td>
              <td className="num">{formatCount(room.devices)}</td>
              <td className="num">{formatCount(room.accelerators)}</td>
              <td className="meter-cell">
                <Meter used={room.powerMaxKw} total={room.powerBudgetKw} label={formatKwPair(room.powerMaxKw, room.powerBudgetKw)} />
              </td>
            </tr>
          )),
        )}
      </tbody>
    </table>
  );
}
