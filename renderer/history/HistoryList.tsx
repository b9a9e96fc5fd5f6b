import type { ReactElement } from 'react';
import type { ChangeEntry } from '../../app/inventory/change-log';
import { formatTime } from '../shell/format';
import { changedFields } from './describe';

const MAX_FIELDS_SHOWN = 8;

/** A compact, newest-first list of changes with their field diffs, actor and reason. */
export function HistoryList(props: { entries: readonly ChangeEntry[]; empty?: string }): ReactElement {
  if (props.entries.length === 0) return <div className="muted pad">{props.empty ?? 'No changes recorded.'}</div>;
  return (
    <ol className="history">
      {props.entries.map((entry) => {
        const fields = changedFields(entry);
        return (
          <li key={entry.id} className={`history-entry action-${entry.action}`} data-change-id={entry.id}>
            <div className="history-line">
              <span className={`action action-${entry.action}`}>{entry.action}</span>
              <span className="history-time mono">{formatTime(entry.at)}</span>
              <span className="history-actor">{entry.actor}</span>
              {entry.reason ? <span className="history-reason">“{entry.reason}”</span> : null}
            </div>
            {fields.length > 0 ? (
              <div className="history-fields">
                {fields.slice(0, MAX_FIELDS_SHOWN).map((f) => (
                  <div key={f.field} className="history-field">
                    <span className="history-name">{f.field}</span>
                    {entry.action === 'create' ? null : <span className="history-before mono">{f.before}</span>}
                    {entry.action === 'update' || entry.action === 'move' ? <span className="muted">→</span> : null}
                    {entry.action === 'delete' ? null : <span className="history-after mono">{f.after}</span>}
                  </div>
                ))}
                {fields.length > MAX_FIELDS_SHOWN ? <div className="muted">…and {fields.length - MAX_FIELDS_SHOWN} more fields</div> : null}
              </div>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
