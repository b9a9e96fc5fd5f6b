import type { ReactElement } from 'react';
import type { SlotHistoryEntry } from '../../app/rma/types';
import { formatTime } from '../shell/format';

/** Which parts sat in a slot, oldest first; the removed ones stay listed with their case. */
export function SlotHistoryTable(props: { entries: readonly SlotHistoryEntry[] }): ReactElement {
  if (props.entries.length === 0) return <div className="empty-state">No part recorded in this slot.</div>;
  return (
    <table className="table table-compact health-history" data-testid="slot-history">
      <thead>
        <tr>
          <th>Serial</th>
          <th>UUID</th>
          <th>Installed</th>
          <th>Removed</th>
          <th>Case</th>
        </tr>
      </thead>
      <tbody>
        {props.entries.map((e, i) => (
          <tr key={`${e.serial ?? ''}-${i}`} className={e.current ? 'is-current' : undefined}>
            <td className="mono">{e.serial ?? '—'}</td>
            <td className="mono health-uuid" title={e.uuid ?? undefined}>
              {e.uuid ?? (e.current ? 'awaiting telemetry' : '—')}
            </td>
            <td>{e.installedAt ? formatTime(e.installedAt) : 'before Floorwalk'}</td>
            <td>{e.removedAt ? formatTime(e.removedAt) : e.current ? <span className="status status-accel-ok">in the slot</span> : '—'}</td>
            <td className="mono">{[e.installedCaseId, e.removedCaseId].filter((id) => id !== null).join(', ') || '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
