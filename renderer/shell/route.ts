/**
 * The console's places as data, and their hash form (#/room/5, #/rack/120?device=33&accel=7&u=11), so a
 * reload or the back button lands where the technician was. Pure: no window, no React.
 */

export type HistoryEntity = 'site' | 'room' | 'rack' | 'device' | 'accelerator';
export const HISTORY_ENTITIES: readonly HistoryEntity[] = ['site', 'room', 'rack', 'device', 'accelerator'];

export type Route =
  | { readonly view: 'home' }
  | { readonly view: 'site'; readonly siteId: number }
  | { readonly view: 'room'; readonly roomId: number; readonly tab: string }
  | {
      readonly view: 'rack';
      readonly rackId: number;
      readonly deviceId: number | null;
      readonly acceleratorId: number | null;
      readonly u: number | null;
      /** Opened from a heatmap finding at this time: the rack shows that finding and its latest readings. */
      readonly findingAt?: string | null;
    }
  | { readonly view: 'device'; readonly deviceId: number; readonly acceleratorId: number | null }
  | { readonly view: 'changes' }
  | { readonly view: 'history'; readonly entity: HistoryEntity; readonly entityId: number }
  | { readonly view: 'import' }
  | { readonly view: 'telemetry' }
  | { readonly view: 'audit'; readonly auditId: string | null }
  | { readonly view: 'health'; readonly roomId: number | null }
  | { readonly view: 'sync' }
  | { readonly view: 'not-found'; readonly hash: string };

export const HOME: Route = { view: 'home' };
export const ROOM_TAB_DEFAULT = 'racks';

function positiveInt(text: string | null | undefined): number | null {
  if (!text || !/^\d{1,12}$/.test(text)) return null;
  const value = Number(text);
  return value > 0 ? value : null;
}

export function parseRoute(hash: string): Route {
  const body = hash.replace(/^#/, '');
  const [pathPart = '', queryPart = ''] = body.split('?', 2);
  const parts = pathPart.split('/').filter((p) => p.length > 0);
  const query = new URLSearchParams(queryPart);
  const [view, a, b] = parts;
  const first = positiveInt(a);
  const notFound: Route = { view: 'not-found', hash: `#${body}` };
  // The browser-mode token arrives in the hash once (#token=…) and is taken away at start.
  if (!pathPart.startsWith('/') && pathPart.includes('=')) return HOME;
  switch (view) {
    case undefined:
      return HOME;
    case 'site':
      return first ? { view: 'site', siteId: first } : notFound;
    case 'room':
      return first ? { view: 'room', roomId: first, tab: b ?? query.get('tab') ?? ROOM_TAB_DEFAULT } : notFound;
    case 'rack':
      return first
        ? withFinding(
            { view: 'rack', rackId: first, deviceId: positiveInt(query.get('device')), acceleratorId: positiveInt(query.get('accel')), u: positiveInt(query.get('u')) },
            query.get('finding'),
          )
        : notFound;
    case 'device':
      return first ? { view: 'device', deviceId: first, acceleratorId: positiveInt(query.get('accel')) } : notFound;
    case 'changes':
      return { view: 'changes' };
    case 'import':
      return { view: 'import' };
    case 'telemetry':
      return { view: 'telemetry' };
    case 'audit':
      if (a === undefined) return { view: 'audit', auditId: null };
      return /^[0-9A-Za-z]{26}$/.test(a) ? { view: 'audit', auditId: a.toUpperCase() } : notFound;
    case 'health':
      return { view: 'health', roomId: positiveInt(query.get('room')) };
    case 'sync':
      return { view: 'sync' };
    case 'history': {
      const entityId = positiveInt(b);
      const entity = HISTORY_ENTITIES.find((e) => e === a);
      return entity && entityId ? { view: 'history', entity, entityId } : notFound;
    }
    default:
      return notFound;
  }
}

/** An ISO-8601 instant as the heatmap names its stops (2026-12-03T06:40:00.000Z), nothing else. */
const FINDING_AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z$/;

function withFinding<R extends Route & { view: 'rack' }>(route: R, findingAt: string | null): R {
  return findingAt && FINDING_AT.test(findingAt) ? { ...route, findingAt } : route;
}

function withQuery(path: string, query: Readonly<Record<string, string | number | null>>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== null) params.set(key, String(value));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

export function routeHash(route: Route): string {
  switch (route.view) {
    case 'home':
      return '#/';
    case 'site':
      return `#/site/${route.siteId}`;
    case 'room':
      return route.tab === ROOM_TAB_DEFAULT ? `#/room/${route.roomId}` : `#/room/${route.roomId}/${encodeURIComponent(route.tab)}`;
    case 'rack':
      return withQuery(`#/rack/${route.rackId}`, { device: route.deviceId, accel: route.acceleratorId, u: route.u, finding: route.findingAt ?? null });
    case 'device':
      return withQuery(`#/device/${route.deviceId}`, { accel: route.acceleratorId });
    case 'changes':
      return '#/changes';
    case 'history':
      return `#/history/${route.entity}/${route.entityId}`;
    case 'import':
      return '#/import';
    case 'telemetry':
      return '#/telemetry';
    case 'audit':
      return route.auditId ? `#/audit/${route.auditId}` : '#/audit';
    case 'health':
      return withQuery('#/health', { room: route.roomId });
    case 'sync':
      return '#/sync';
    case 'not-found':
      return route.hash;
  }
}

export function rackRoute(rackId: number, deviceId: number | null = null, acceleratorId: number | null = null, u: number | null = null, findingAt: string | null = null): Route {
  return findingAt ? { view: 'rack', rackId, deviceId, acceleratorId, u, findingAt } : { view: 'rack', rackId, deviceId, acceleratorId, u };
}
