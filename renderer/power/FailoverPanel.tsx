import type { ReactElement } from 'react';
import { useRequest } from '../api/use-request';
import { kw1 } from '../capacity/headroom-color';

/** Each element serving the hall: if it fails, what moves, what drops, what then runs over its rating. */
export function FailoverPanel(props: { readonly roomId: number }): ReactElement {
  const failover = useRequest('power.failover', { roomId: props.roomId });
  const f = failover.data;
  const risky = f ? f.elements.filter((e) => e.overloaded.length > 0 || e.droppedKw > 0) : [];
  const shown = f ? (risky.length > 0 ? risky : f.elements.filter((e) => e.kind !== 'pdu').slice(0, 12)) : [];
  return (
    <section className="panel" aria-label="Failover">
      <div className="panel-head">
        <h2 className="panel-title">Failover</h2>
      </div>
      {failover.error ? <div className="view-error">{failover.error.message}</div> : null}
      {!f ? (
        <div className="view-loading">Analysing the chain…</div>
      ) : (
        <>
          <p className="cap-summary" data-testid="failover-summary">
            {f.elements.length} elements; {risky.length === 0 ? 'no single failure overloads or drops anything.' : `${risky.length} failure(s) overload or drop something.`}
            {f.racksWithoutFeeds.length > 0 ? ` ${f.racksWithoutFeeds.length} rack(s) lack a feed.` : ''}
          </p>
          <table className="table table-compact" data-testid="failover-table">
            <thead>
              <tr>
                <th>If this fails</th>
                <th className="num">Moves kW</th>
                <th>Then over rating</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((e) => (
                <tr key={e.elementId}>
                  <td>
                    {e.element} <span className="cap-dim">{e.kind}</span>
                  </td>
                  <td className="num">{kw1(e.loadMovedKw)}</td>
                  <td className={e.overloaded.length > 0 ? 'cap-over' : ''}>
                    {e.overloaded.length === 0 ? (e.droppedKw > 0 ? `drops ${kw1(e.droppedKw)} kW` : 'nothing') : e.overloaded.slice(0, 3).map((o) => `${o.element} ${kw1(o.loadKw)}/${kw1(o.ratingKw)}`).join(', ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
