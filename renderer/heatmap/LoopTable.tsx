import { memo, type ReactElement } from 'react';
import type { LoopState } from '../../app/heatmap/types';
import { fixed } from './format';

/** How far apart heat carried and heat expected are, as a signed share of the expected. */
function balance(loop: LoopState): number | null {
  if (loop.heatCarriedKw === null || loop.expectedHeatKw === null || loop.expectedHeatKw <= 0) return null;
  return (loop.heatCarriedKw - loop.expectedHeatKw) / loop.expectedHeatKw;
}

/**
 * The liquid loops at the slider's time: per CDU supply and return, ΔT, flow, the heat the coolant
 * carries (ṁ·cp·ΔT) and what the CDU reports, against the summed power of the loop's racks.
 */
export const LoopTable = memo(function LoopTable(props: {
  loops: readonly LoopState[] | null;
  error: string | null;
  tolerancePct: number;
  deltaTMaxK: number;
  selectedCduId: number | null;
  onSelect(cduId: number): void;
}): ReactElement {
  const { loops } = props;
  if (props.error) return <div className="view-error">{props.error}</div>;
  if (!loops) return <div className="view-loading">Reading loops…</div>;
  if (loops.length === 0) return <div className="empty-state">This room has no CDUs.</div>;
  return (
    <div className="table-scroll hm-loops" tabIndex={0} role="region" aria-label="Liquid loops">
      <table className="table table-compact" data-testid="heatmap-loops">
        <thead>
          <tr>
            <th>CDU</th>
            <th className="num" title="Supply → return, °C">Sup → ret °C</th>
            <th className="num">ΔT K</th>
            <th className="num">Flow L/min</th>
            <th className="num" title="Heat the coolant carries (ρ·V̇·cp·ΔT) / what the loop's racks should give it (rack power × liquid capture share), kW">
              Heat kW
            </th>
            <th className="num" title="Carried against expected">Bal.</th>
          </tr>
        </thead>
        <tbody>
          {loops.map((loop) => {
            const b = balance(loop);
            const off = b !== null && Math.abs(b) * 100 > props.tolerancePct;
            const low = loop.flowLpm !== null && loop.requiredFlowLpm !== null && loop.flowLpm < loop.requiredFlowLpm;
            return (
              <tr
                key={loop.cduId}
                className={loop.cduId === props.selectedCduId ? 'clickable is-selected' : 'clickable'}
                onClick={() => props.onSelect(loop.cduId)}
                data-cdu-id={loop.cduId}
              >
                <td className="hm-loop-name">
                  <div className="mono">
                    {loop.cdu}
                    {loop.leak ? <span className="band-over strong"> LEAK</span> : null}
                  </div>
                  <div className="muted hm-sub" title={`${loop.loop ?? 'no loop'} · ${loop.medium} · ${loop.racksWithPower} of ${loop.racks} racks report power`}>
                    {loop.loop ?? 'no loop'} · {loop.medium} · {loop.racksWithPower}/{loop.racks} racks
                  </div>
                </td>
                <td className="num">
                  {fixed(loop.supplyC)} → {fixed(loop.returnC)}
                </td>
                <td className={loop.deltaTK !== null && props.deltaTMaxK < loop.deltaTK ? 'num band-high' : 'num'}>{fixed(loop.deltaTK)}</td>
                <td className={low ? 'num band-over' : 'num'} title={loop.requiredFlowLpm === null ? undefined : `needs ${loop.requiredFlowLpm.toFixed(0)} L/min at the ΔT limit`}>
                  {fixed(loop.flowLpm, 0)}
                </td>
                <td className="num" title={loop.heatRemovedKw === null ? undefined : `the CDU reports ${loop.heatRemovedKw.toFixed(0)} kW removed`}>
                  {fixed(loop.heatCarriedKw, 0)} / {fixed(loop.expectedHeatKw, 0)}
                </td>
                <td className={off ? 'num band-high' : 'num'}>{b === null ? '—' : `${b >= 0 ? '+' : ''}${Math.round(b * 100)} %`}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
});
