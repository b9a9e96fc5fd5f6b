import type { ReactElement } from 'react';
import type { RequestResult } from '../../app/api/contract';
import { changeText, fieldLabel } from './describe';

type Change = RequestResult<'netbox.diff'>['changes'][number];
type PushItem = RequestResult<'netbox.push'>['items'][number];

/** Rows beyond this are counted, not drawn: a first push of a hall built offline can hold thousands. */
const MAX_ROWS = 500;
const KIND_LABELS: Record<string, string> = { site: 'site', location: 'location', rack: 'rack', device: 'device', inventory_item: 'GPU' };

function More(props: { total: number }): ReactElement | null {
  return props.total > MAX_ROWS ? <p className="pad muted">… and {props.total - MAX_ROWS} more (the CLI lists them all: floorwalk netbox diff --json)</p> : null;
}

/** The diff: one row per local object changed (or made) since the pull, with its fields and reasons. */
export function ChangesTable(props: { changes: readonly Change[]; pulled: boolean }): ReactElement {
  if (!props.pulled) return <p className="pad muted">No pull from this server yet: pull a site first.</p>;
  if (props.changes.length === 0) return <p className="pad muted" data-testid="sync-no-changes">Nothing changed here since the pull.</p>;
  return (
    <div className="table-scroll sync-table">
      <table className="table table-compact" aria-label="Local changes" data-testid="sync-changes">
        <thead>
          <tr>
            <th>Object</th>
            <th>Kind</th>
            <th className="num">NetBox id</th>
            <th>Change</th>
            <th>Why (sent as changelog_message)</th>
          </tr>
        </thead>
        <tbody>
          {props.changes.slice(0, MAX_ROWS).map((c) => (
            <tr key={`${c.entity}-${c.entityId}`} data-netbox-id={c.netboxId ?? 'new'}>
              <td className="mono">{c.label}</td>
              <td>{KIND_LABELS[c.kind] ?? c.kind}</td>
              <td className="num mono">{c.netboxId ?? <span className="sync-new">new</span>}</td>
              <td>{c.deleted ? <span className="sync-bad">deleted here (a push never deletes)</span> : c.fields.map((f) => changeText(f, c.created)).join(' · ')}</td>
              <td className="muted">{c.reasons.join('; ') || '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <More total={props.changes.length} />
    </div>
  );
}

const RESULT_CLASS: Record<string, string> = {
  pushed: 'sync-ok',
  created: 'sync-ok',
  'would push': 'sync-new',
  'would create': 'sync-new',
  conflict: 'sync-bad',
  refused: 'sync-bad',
  'deleted locally': 'muted',
};

/** What a dry run or a push did per object: its outcome, the fields sent and NetBox's or our reason. */
export function PushTable(props: { items: readonly PushItem[] }): ReactElement {
  if (props.items.length === 0) return <p className="pad muted">Nothing to send.</p>;
  return (
    <div className="table-scroll sync-table">
      <table className="table table-compact" aria-label="Push items">
        <thead>
          <tr>
            <th>Outcome</th>
            <th>Object</th>
            <th className="num">NetBox id</th>
            <th>Fields</th>
            <th>Reason</th>
          </tr>
        </thead>
        <tbody>
          {props.items.slice(0, MAX_ROWS).map((i, index) => (
            <tr key={`${i.kind}-${i.netboxId ?? 'new'}-${index}`} data-result={i.result}>
              <td className={RESULT_CLASS[i.result] ?? ''}>{i.result}</td>
              <td className="mono">{i.label}</td>
              <td className="num mono">{i.netboxId ?? '—'}</td>
              <td>{i.fields.map(fieldLabel).join(', ')}</td>
              <td className="muted">{i.reason ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <More total={props.items.length} />
    </div>
  );
}
