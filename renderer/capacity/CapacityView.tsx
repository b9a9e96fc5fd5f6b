import { useMemo, useState, type ReactElement } from 'react';
import { unpackFloorData } from '../../app/floor/packed';
import type { PlacementCandidate, PlacementResult } from '../../app/capacity/placement';
import type { RackCapacity } from '../../app/capacity/types';
import { useRequest } from '../api/use-request';
import { CapacityMap } from './CapacityMap';
import { EnergyPanel } from './EnergyPanel';
import { FailoverPanel } from '../power/FailoverPanel';
import { kw1, MAP_MODES, type MapMode } from './headroom-color';
import { WhatIf } from './WhatIf';
import './capacity.css';

function valueOf(rack: RackCapacity, mode: MapMode): number | null {
  if (mode === 'a-loss') return rack.headroomOnALossKw;
  if (mode === 'b-loss') return rack.headroomOnBLossKw;
  return rack.usableKw;
}

/**
 * The hall's capacity: the floor map coloured by headroom on A loss, on B loss or usable kW; what-if
 * placement with a preview on the map; rows with their stranded power; the failover list; energy.
 */
export function CapacityView(props: { readonly roomId: number }): ReactElement {
  const capacity = useRequest('capacity.room', { roomId: props.roomId });
  const floor = useRequest('floor.map', { roomId: props.roomId });
  const [mode, setMode] = useState<MapMode>('a-loss');
  const [result, setResult] = useState<PlacementResult | null>(null);
  const [preview, setPreview] = useState<PlacementCandidate | null>(null);
  const floorData = useMemo(() => (floor.data ? unpackFloorData(floor.data) : null), [floor.data]);

  const values = useMemo(() => {
    const map = new Map<number, number | null>();
    for (const r of capacity.data?.racks ?? []) map.set(r.rackId, valueOf(r, mode));
    if (preview) {
      const after = mode === 'a-loss' ? preview.after.headroomOnALossKw : mode === 'b-loss' ? preview.after.headroomOnBLossKw : Math.max(0, Math.min(preview.after.powerHeadroomKw, preview.after.coolingHeadroomKw));
      map.set(preview.rackId, after);
    }
    return map;
  }, [capacity.data, mode, preview]);
  const highlight = useMemo(() => new Set((result?.candidates ?? []).map((c) => c.rackId)), [result]);

  if (capacity.error) return <div className="view-error">{capacity.error.message}</div>;
  const report = capacity.data;
  if (!report || !floorData) return <div className="view-loading">Computing capacity…</div>;
  const h = report.hall;
  const picked = (rackId: number): void => {
    const c = result?.candidates.find((x) => x.rackId === rackId);
    if (c) setPreview(c);
  };
  const modeLabel = MAP_MODES.find((m) => m.id === mode)?.label ?? '';
  return (
    <div className="cap-view" data-testid="capacity-view">
      <div className="cap-main">
        <div className="cap-toolbar" role="radiogroup" aria-label="Colour racks by">
          {MAP_MODES.map((m) => (
            <button key={m.id} type="button" role="radio" aria-checked={mode === m.id} className={mode === m.id ? 'btn btn-small btn-primary' : 'btn btn-small'} onClick={() => setMode(m.id)}>
              {m.label}
            </button>
          ))}
          <span className="cap-hall" data-testid="capacity-hall">
            {kw1(h.loadKw)} of {kw1(h.budgetKw)} kW budgeted · usable {kw1(h.usableKw)} kW · stranded {kw1(h.strandedKw)} kW (upstream {kw1(h.strandedBy['power-upstream'])}, cooling {kw1(h.strandedBy.cooling)}, space {kw1(h.strandedBy.space)}, feeds {kw1(h.strandedBy.feed)})
          </span>
        </div>
        <CapacityMap floor={floorData} values={values} highlight={highlight} preview={preview?.rackId ?? null} title={preview ? `${modeLabel} — preview of ${preview.rack}` : modeLabel} onPick={picked} />
        <RowsTable report={report} />
      </div>
      <aside className="cap-side">
        <WhatIf roomId={props.roomId} result={result} preview={preview} onResult={setResult} onPreview={setPreview} />
        <FailoverPanel roomId={props.roomId} />
        <EnergyPanel roomId={props.roomId} />
      </aside>
    </div>
  );
}

function RowsTable(props: { readonly report: NonNullable<ReturnType<typeof useRequest<'capacity.room'>>['data']> }): ReactElement {
  const { report } = props;
  return (
    <div className="table-scroll cap-rows" tabIndex={0} role="region" aria-label="Capacity per row">
      <table className="table table-compact" data-testid="capacity-rows">
        <thead>
          <tr>
            <th>Row</th>
            <th className="num">Racks</th>
            <th className="num">Free U</th>
            <th className="num">Load kW</th>
            <th className="num">Budget kW</th>
            <th className="num" title="What the row can add with shared busways, UPS and cooling counted once">Usable kW</th>
            <th className="num" title="Budgeted but unusable">Stranded kW</th>
            <th className="num" title="Cooling headroom of the pools the row uses, each once">Cooling kW</th>
            <th>Binding</th>
          </tr>
        </thead>
        <tbody>
          {report.rows.map((g) => (
            <tr key={g.row}>
              <td>{g.row}</td>
              <td className="num">{g.racks}</td>
              <td className="num">{g.freeU}</td>
              <td className="num">{kw1(g.loadKw)}</td>
              <td className="num">{kw1(g.budgetKw)}</td>
              <td className="num">{kw1(g.usableKw)}</td>
              <td className="num">{kw1(g.strandedKw)}</td>
              <td className="num">{kw1(g.coolingHeadroomKw)}</td>
              <td>{g.binding}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="cap-note">
        Loads: {countSources(report.racks)}. Headroom on a side loss is the least margin along the surviving feed when every element of the other side is out.
      </p>
    </div>
  );
}

function countSources(racks: readonly RackCapacity[]): string {
  const counts = new Map<string, number>();
  for (const r of racks) counts.set(r.loadSource, (counts.get(r.loadSource) ?? 0) + 1);
  return [...counts].map(([s, n]) => `${n} racks from ${s}`).join(', ');
}
