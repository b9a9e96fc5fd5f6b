import type { ReactElement, ReactNode } from 'react';
import type { TelemetryImportResult } from '../../app/telemetry/types';
import { formatCount } from '../shell/format';
import { Fact } from '../shell/ViewHeader';

function Section(props: { title: string; children: ReactNode }): ReactElement {
  return (
    <div className="panel-section">
      <div className="section-head">
        <span className="section-title">{props.title}</span>
      </div>
      {props.children}
    </div>
  );
}

/** NVML error lines repeat every interval: one row per GPU, with where it started. */
function deadGpus(result: TelemetryImportResult): Array<{ key: string; firstLine: number; lines: number }> {
  const byGpu = new Map<string, { key: string; firstLine: number; lines: number }>();
  for (const gpu of result.deadGpus) {
    const key = `${gpu.host ?? '?'} ${gpu.busId ?? ''}`.trim();
    const seen = byGpu.get(key);
    if (seen) seen.lines++;
    else byGpu.set(key, { key, firstLine: gpu.line, lines: 1 });
  }
  return [...byGpu.values()];
}

/** What an import stored, skipped and rejected, with the rejected rows, unreadable GPUs and unmatched targets. */
export function ImportResultPanel(props: { result: TelemetryImportResult; onExportErrors: () => void }): ReactElement {
  const r = props.result;
  const zones = r.timeZone.option ?? r.timeZone.zones.map((z) => z.zone).join(', ');
  return (
    <section className={`panel tel-result${r.rejected > 0 ? ' has-errors' : ' is-clean'}`} aria-label="Import result">
      <div className="panel-head">
        <span className="panel-title">Imported {r.file}</span>
        <span className="panel-actions">
          <span className="muted">
            {r.firstAt && r.lastAt ? `${r.firstAt.slice(0, 16).replace('T', ' ')} → ${r.lastAt.slice(0, 16).replace('T', ' ')} UTC · ` : ''}
            {r.seconds.toFixed(1)} s
          </span>
          <button type="button" className="btn btn-small" disabled={r.errors.length === 0} onClick={props.onExportErrors}>
            Export errors (CSV)
          </button>
        </span>
      </div>
      <div className="facts">
        <Fact label="Rows">{formatCount(r.rows)}</Fact>
        <Fact label="Readings stored">
          <span className="band-ok" data-testid="tel-readings">
            {formatCount(r.readings)}
          </span>
        </Fact>
        <Fact label="Already stored">{formatCount(r.duplicates)}</Fact>
        <Fact label="Skipped">{formatCount(r.skipped)}</Fact>
        <Fact label="Rejected">
          <span className={r.rejected > 0 ? 'band-over' : undefined}>{formatCount(r.rejected)}</span>
        </Fact>
        <Fact label="Targets">{formatCount(r.targets)}</Fact>
        <Fact label="Not in inventory">
          <span className={r.unmatchedTargets > 0 ? 'band-high' : undefined}>{formatCount(r.unmatchedTargets)}</span>
        </Fact>
        {zones ? <Fact label="Time zone">{zones}</Fact> : null}
      </div>
      {r.notes.length > 0 ? (
        <ul className="tel-notes">
          {r.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      ) : null}
      <div className="tel-result-grid">
        {r.errors.length > 0 ? (
          <Section title={`Rejected rows ${r.rejected > r.errors.length ? `(first ${r.errors.length} of ${formatCount(r.rejected)})` : ''}`}>
            <div className="table-scroll tel-errors">
              <table className="table table-compact" aria-label="Rejected rows">
                <thead>
                  <tr>
                    <th className="num">Line</th>
                    <th>Column</th>
                    <th>Reason</th>
                  </tr>
                </thead>
                <tbody>
                  {r.errors.map((e, i) => (
                    <tr key={i}>
                      <td className="num mono">{e.line}</td>
                      <td className="mono">{e.column}</td>
                      <td>{e.reason}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </Section>
        ) : null}
        {r.skippedBy.length > 0 ? (
          <Section title="Skipped">
            <table className="table table-compact" aria-label="Skipped values">
              <tbody>
                {r.skippedBy.map((s) => (
                  <tr key={s.reason}>
                    <td className="mono">{s.reason}</td>
                    <td className="num">{formatCount(s.count)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Section>
        ) : null}
        {r.unmatched.length > 0 || r.deadGpus.length > 0 ? (
          <Section title="Findings">
            <table className="table table-compact" aria-label="Findings">
              <tbody>
                {r.unmatched.map((u) => (
                  <tr key={u.key}>
                    <td className="band-high nowrap">not in inventory</td>
                    <td className="mono">{u.label}</td>
                    <td className="muted">{u.note ?? ''}</td>
                  </tr>
                ))}
                {deadGpus(r).map((g) => (
                  <tr key={g.key}>
                    <td className="band-over nowrap">GPU unreadable</td>
                    <td className="mono">{g.key}</td>
                    <td className="muted">
                      from line {g.firstLine}
                      {g.lines > 1 ? `, ${g.lines} times` : ''}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Section>
        ) : null}
      </div>
    </section>
  );
}
