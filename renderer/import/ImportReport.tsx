import type { ReactElement } from 'react';
import type { ImportFieldChange, InventoryImportReport } from '../../app/inventory/detail-types';
import { formatCount } from '../shell/format';

/** How many error rows are drawn; the rest are counted (the file has to be fixed and re-run anyway). */
const MAX_ERRORS_SHOWN = 500;
/** Field changes drawn in the preview; the rest are counted. */
const MAX_CHANGES_SHOWN = 1000;

function shown(value: ImportFieldChange['before']): string {
  return value === null ? '—' : String(value);
}

/** Per row of the file, what it changes field by field (before → after), so an update is never a surprise. */
function ChangeTable(props: { report: InventoryImportReport }): ReactElement | null {
  const { report } = props;
  if (report.changes.length === 0) return null;
  const listed = report.changes.slice(0, MAX_CHANGES_SHOWN);
  return (
    <div className="table-scroll import-changes" data-testid="import-changes">
      <table className="table table-compact">
        <thead>
          <tr>
            <th className="num">Row</th>
            <th>Part</th>
            <th>Field</th>
            <th>Before</th>
            <th>After</th>
          </tr>
        </thead>
        <tbody>
          {listed.map((c, i) => {
            const first = i === 0 || listed[i - 1]?.row !== c.row;
            return (
              <tr key={`${c.row}-${c.field}-${i}`} data-row={c.row} className={first ? 'row-first' : undefined}>
                <td className="num mono">{first ? c.row : ''}</td>
                <td>{first ? `${c.id === null ? `new ${c.entity}` : `${c.entity} ${c.id}`}${c.label === null ? '' : ` · ${c.label}`}` : ''}</td>
                <td className="mono">{c.field}</td>
                <td className="mono muted">{shown(c.before)}</td>
                <td className="mono">{shown(c.after)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {report.changeCount > listed.length ? <div className="muted pad">…and {formatCount(report.changeCount - listed.length)} more field changes.</div> : null}
    </div>
  );
}

export function ImportReport(props: { report: InventoryImportReport; fileName: string }): ReactElement {
  const { report } = props;
  const clean = report.errorCount === 0;
  return (
    <div className={`panel import-report ${clean ? 'is-clean' : 'has-errors'}`} data-testid="import-report">
      <div className="panel-head">
        <span className="panel-title">
          {report.committed ? 'Imported' : report.dryRun ? 'Dry run' : 'Not imported'} · {props.fileName} · {report.kind}
        </span>
        <span className={clean ? 'band-ok strong' : 'band-over strong'}>{clean ? 'no errors' : `${formatCount(report.errorCount)} errors — nothing written`}</span>
      </div>
      <div className="facts">
        <div className="fact">
          <div className="fact-label">Rows</div>
          <div className="fact-value" data-testid="import-rows">{formatCount(report.rows)}</div>
        </div>
        <div className="fact">
          <div className="fact-label">{report.committed ? 'Created' : 'Would create'}</div>
          <div className="fact-value" data-testid="import-created">{formatCount(report.created)}</div>
        </div>
        <div className="fact">
          <div className="fact-label">{report.committed ? 'Updated' : 'Would update'}</div>
          <div className="fact-value" data-testid="import-updated">{formatCount(report.updated)}</div>
        </div>
        <div className="fact">
          <div className="fact-label">Unchanged</div>
          <div className="fact-value">{formatCount(report.unchanged)}</div>
        </div>
        <div className="fact fact-wide">
          <div className="fact-label">Unknown columns (not read)</div>
          <div className="fact-value">
            {report.unknownColumns.length === 0 ? <span className="muted">none</span> : report.unknownColumns.map((c) => <span key={c} className="unit-chip mono">{c}</span>)}
          </div>
        </div>
      </div>
      {report.committed ? null : <ChangeTable report={report} />}
      {report.errors.length > 0 ? (
        <div className="table-scroll import-errors">
          <table className="table table-compact">
            <thead>
              <tr>
                <th className="num">Row</th>
                <th className="num">Line</th>
                <th>Column</th>
                <th>Reason</th>
              </tr>
            </thead>
            <tbody>
              {report.errors.slice(0, MAX_ERRORS_SHOWN).map((e, i) => (
                <tr key={`${e.row}-${e.column}-${i}`}>
                  <td className="num mono">{e.row}</td>
                  <td className="num mono">{e.line ?? '—'}</td>
                  <td className="mono">{e.column || '—'}</td>
                  <td>{e.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {report.errorCount > Math.min(report.errors.length, MAX_ERRORS_SHOWN) ? (
            <div className="muted pad">…and {formatCount(report.errorCount - Math.min(report.errors.length, MAX_ERRORS_SHOWN))} more errors.</div>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
