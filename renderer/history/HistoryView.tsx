import { useEffect, type ReactElement } from 'react';
import { useRequest } from '../api/use-request';
import { setNavContext } from '../shell/nav-context';
import type { HistoryEntity, Route } from '../shell/route';
import { routeHash } from '../shell/route';
import { ViewHeader } from '../shell/ViewHeader';
import { entityName, entryRoute } from './describe';
import { HistoryList } from './HistoryList';

/** Every recorded change of one site, room, rack, device or accelerator. */
export function HistoryView(props: { entity: HistoryEntity; entityId: number }): ReactElement {
  const history = useRequest('history.entity', { entity: props.entity, entityId: props.entityId, limit: 500 });
  useEffect(() => setNavContext({}), []);
  const newest = history.data?.[0];
  const where: Route | null = newest ? entryRoute(newest) : null;

  return (
    <div className="view view-history">
      <ViewHeader
        crumbs={[{ label: 'Changes', route: { view: 'changes' } }]}
        title={newest ? `History of ${entityName(newest)}` : `History of ${props.entity} ${props.entityId}`}
        actions={where && newest?.action !== 'delete' ? <a className="btn" href={routeHash(where)}>Open the {props.entity}</a> : null}
      />
      <div className="view-body">
        {history.error ? <div className="view-error">{history.error.message}</div> : null}
        {history.data ? <HistoryList entries={history.data} empty={`No changes recorded for this ${props.entity}.`} /> : null}
      </div>
    </div>
  );
}
