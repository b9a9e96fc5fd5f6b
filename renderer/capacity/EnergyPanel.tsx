import type { ReactElement } from 'react';
import { useRequest } from '../api/use-request';
import { kw1 } from './headroom-color';

/** IT power against heat removed by each loop over the imported telemetry span. */
export function EnergyPanel(props: { readonly roomId: number }): ReactElement {
  const energy = useRequest('capacity.energy', { roomId: props.roomId });
  const e = energy.data;
  return (
    <section className="panel" aria-label="Energy">
      <div className="panel-head">
        <h2 className="panel-title">Energy</h2>
      </div>
      {energy.error ? <div className="view-error">{energy.error.message}</div> : null}
      {!e ? (
        <div className="view-loading">Reading telemetry…</div>
      ) : (
        <div data-testid="energy-panel">
          <p className="cap-summary">
            {e.from === null || e.to === null ? 'No telemetry imported.' : `${new Date(e.from).toISOString().slice(0, 16)} → ${new Date(e.to).toISOString().slice(0, 16)} UTC`} IT {kw1(e.itKw)} kW, heat removed {kw1(e.heatRemovedKw)} kW
            {e.ratio === null ? '' : `, ratio ${e.ratio.toFixed(2)}`}.
          </p>
          {e.notes.map((n) => (
            <p key={n} className="cap-note">
              {n}
            </p>
          ))}
          {e.loops.length > 0 ? (
            <table className="table table-compact">
              <thead>
                <tr>
                  <th>Loop</th>
                  <th className="num">IT kW</th>
                  <th className="num">Heat kW</th>
                  <th className="num">Ratio</th>
                </tr>
              </thead>
              <tbody>
                {e.loops.map((l) => (
                  <tr key={l.loop}>
                    <td>{l.loop}</td>
                    <td className="num">{kw1(l.itKw)}</td>
                    <td className="num">{kw1(l.heatRemovedKw)}</td>
                    <td className="num">{l.ratio === null ? '—' : l.ratio.toFixed(2)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </div>
      )}
    </section>
  );
}
