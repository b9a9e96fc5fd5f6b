import { memo, type ReactElement } from 'react';
import { FINDING_LABELS } from '../../app/heatmap/findings';
import type { Finding } from '../../app/heatmap/types';

function figure(value: number, unit: string): string {
  const digits = unit === 's' || unit === 'GPUs' || unit === 'L/min' ? 0 : 1;
  if (unit === 's') return value >= 3600 ? `${(value / 3600).toFixed(1)} h` : value >= 90 ? `${Math.round(value / 60)} min` : `${value} s`;
  return `${value.toFixed(digits)}${unit ? ` ${unit}` : ''}`;
}

/**
 * Thermal findings at the slider's time, worst first. A finding with a rack opens it (click or Enter);
 * a CDU finding selects its loop in the loop table.
 */
export const FindingsList = memo(function FindingsList(props: {
  findings: readonly Finding[] | null;
  loading: boolean;
  error: string | null;
  onOpenRack(rackId: number): void;
  onSelectCdu(cduId: number): void;
}): ReactElement {
  const { findings } = props;
  if (props.error) return <div className="view-error">{props.error}</div>;
  if (!findings) return <div className="view-loading">Reading findings…</div>;
  if (findings.length === 0) return <div className="empty-state">No findings at this time: inlets in band, GPUs clear of their limits, loops balanced, sensors reporting.</div>;
  const open = (f: Finding): void => {
    if (f.rackId !== null) props.onOpenRack(f.rackId);
    else if (f.cduId !== null) props.onSelectCdu(f.cduId);
  };
  return (
    <div className={props.loading ? 'hm-findings is-stale' : 'hm-findings'}>
      <table className="table table-compact" data-testid="heatmap-findings">
        <thead>
          <tr>
            <th aria-label="Severity" />
            <th>Finding</th>
            <th>Where</th>
            <th className="num">Value</th>
            <th className="num">Limit</th>
          </tr>
        </thead>
        <tbody>
          {findings.map((f, i) => {
            const clickable = f.rackId !== null || f.cduId !== null;
            return (
              <tr
                key={`${f.kind}-${f.target}-${i}`}
                className={clickable ? 'clickable' : undefined}
                tabIndex={clickable ? 0 : undefined}
                onClick={clickable ? () => open(f) : undefined}
                onKeyDown={clickable ? (e) => (e.key === 'Enter' ? open(f) : undefined) : undefined}
                title={f.message}
                data-kind={f.kind}
                data-rack-id={f.rackId ?? undefined}
              >
                <td>
                  <span className={`hm-sev hm-sev-${f.severity}`} aria-label={f.severity} />
                </td>
                <td>
                  {FINDING_LABELS[f.kind]}
                  {f.count > 1 ? <span className="muted"> ×{f.count}</span> : null}
                </td>
                <td className="mono">{f.rack ?? f.target}</td>
                <td className="num">{figure(f.value, f.unit)}</td>
                <td className="num muted">{figure(f.threshold, f.unit)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
});
