import { useEffect, useState, type ReactElement } from 'react';
import { useRequest } from '../api/use-request';
import { undoLast } from '../editing/undo';
import { formatTime } from '../shell/format';
import { setNavContext } from '../shell/nav-context';
import { routeHash } from '../shell/route';
import { ViewHeader } from '../shell/ViewHeader';
import { changedFields, describeChange, entryRoute, historyRoute } from './describe';

const LIMITS = [50, 200, 1000] as const;

/** The newest changes across the inventory, who made them and why; undo the last one from here too. */
export function ChangesView(): ReactElement {
  const [limit, setLimit] = useState<number>(200);
  const changes = useRequest('changes.recent', { limit });
  useEffect(() => setNavContext({}), []);

  return (
    <div className="view view-changes">
      <ViewHeader
        crumbs={[]}
        title="Changes"
        actions={
          <>
            <label className="inline-label">
              Show{' '}
              <select value={limit} onChange={(e) => setLimit(Number(e.target.value))}>
                {LIMITS.map((n) => (
                  <option key={n} value={n}>
                    {n}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" className="btn" onClick={() => void undoLast()} title="Undo the last change (Ctrl+Z)">
              Undo last change
            </button>
          </>
        }
      />
      <div className="view-body">
        {changes.error ? <div className="view-error">{changes.error.message}</div> : null}
        {changes.data ? (
          changes.data.length === 0 ? (
            <div className="empty-state">No changes recorded yet.</div>
          ) : (
            <table className="table table-compact changes-table">
              <thead>
                <tr>
                  <th className="num">#</th>
                  <th>Time</th>
                  <th>Actor</th>
                  <th>Action</th>
                  <th>What</th>
                  <th>Fields</th>
                  <th>Reason</th>
                  <th>
                    <span className="visually-hidden">Undo</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {changes.data.map((entry) => {
                  const where = entryRoute(entry);
                  const history = historyRoute(entry);
                  const fields = changedFields(entry);
                  return (
                    <tr key={entry.id} data-change-id={entry.id}>
                      <td className="num mono">{entry.id}</td>
                      <td className="mono nowrap">{formatTime(entry.at)}</td>
                      <td className="nowrap">{entry.actor}</td>
                      <td>
                        <span className={`action action-${entry.action}`}>{entry.action}</span>
                      </td>
                      <td className="nowrap">{where && entry.action !== 'delete' ? <a href={routeHash(where)}>{describeChange(entry)}</a> : describeChange(entry)}</td>
                      <td className="changes-fields">
                        {entry.action === 'update' || entry.action === 'move'
                          ? fields.map((f) => (
                              <span key={f.field} className="change-chip">
                                {f.field}: <span className="mono">{f.before}</span> → <span className="mono">{f.after}</span>
                              </span>
                            ))
                          : null}
                        {entry.action === 'bulk'
                          ? fields.map((f) => (
                              <span key={f.field} className="change-chip">
                                {f.field}: <span className="mono">{f.after}</span>
                              </span>
                            ))
                          : null}
                      </td>
                      <td className="changes-reason" title={entry.reason ?? undefined}>
                        {entry.reason ?? <span className="muted">—</span>}
                      </td>
                      <td>{history ? <a href={routeHash(history)}>history</a> : null}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )
        ) : null}
      </div>
    </div>
  );
}
