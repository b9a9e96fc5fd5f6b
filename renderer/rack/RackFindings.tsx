import type { ReactElement } from 'react';
import { useRequest } from '../api/use-request';
import { fixed } from '../heatmap/format';

/** How many of the rack's latest readings are listed (a rack of 8 servers reports a few dozen). */
const READINGS_SHOWN = 40;

function when(iso: string): string {
  return new Date(iso).toISOString().replace('T', ' ').replace(/:\d{2}\.\d{3}Z$/, ' UTC');
}

/**
 * A rack opened from a heatmap finding: the findings on this rack at that time, and the rack's latest
 * readings (inlet, outlet, power, its GPUs), so the technician sees the figure that raised it.
 */
export function RackFindings(props: { roomId: number; rackId: number; at: string }): ReactElement {
  const findings = useRequest('heatmap.findings', { roomId: props.roomId, at: props.at });
  const latest = useRequest('telemetry.latest', { roomId: props.roomId });
  const mine = (findings.data?.findings ?? []).filter((f) => f.rackId === props.rackId);
  const readings = (latest.data ?? []).filter((r) => r.rackId === props.rackId).sort((a, b) => a.metric.localeCompare(b.metric) || a.label.localeCompare(b.label));
  return (
    <section className="panel rack-findings" aria-label="Finding and latest readings" data-testid="rack-findings">
      <div className="panel-head">
        <span className="panel-title">Opened from a finding</span>
        <span className="muted">at {when(props.at)}</span>
      </div>
      {findings.error ? <div className="view-error">{findings.error.message}</div> : null}
      {findings.data && mine.length === 0 ? <div className="pad muted">No finding on this rack at that time any more.</div> : null}
      {mine.length > 0 ? (
        <ul className="rack-finding-list">
          {mine.map((f, i) => (
            <li key={`${f.kind}-${f.target}-${i}`} data-kind={f.kind} className={`sev-${f.severity}`}>
              {f.message}
            </li>
          ))}
        </ul>
      ) : null}
      <div className="table-scroll" tabIndex={0} role="region" aria-label="Latest readings of the rack">
        <table className="table table-compact">
          <thead>
            <tr>
              <th>Latest reading</th>
              <th>Of</th>
              <th className="num">Value</th>
              <th>At</th>
            </tr>
          </thead>
          <tbody>
            {readings.slice(0, READINGS_SHOWN).map((r) => (
              <tr key={`${r.targetId}-${r.metric}`} data-metric={r.metric}>
                <td className="mono nowrap">{r.metric}</td>
                <td className="mono nowrap">{r.label}</td>
                <td className="num nowrap">{fixed(r.value, 1, r.unit)}</td>
                <td className="nowrap muted">{when(r.at)}</td>
              </tr>
            ))}
            {latest.data && readings.length === 0 ? (
              <tr>
                <td colSpan={4} className="muted">
                  No readings of this rack stored.
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
        {readings.length > READINGS_SHOWN ? <div className="pad muted">{readings.length - READINGS_SHOWN} more readings; the heatmap shows them over time.</div> : null}
      </div>
    </section>
  );
}
