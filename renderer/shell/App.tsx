import { useEffect, useRef, type ReactElement } from 'react';
import { AuditView } from '../audit/AuditView';
import { DeviceView } from '../device/DeviceView';
import { EditorHost } from '../editing/EditorHost';
import { closeEditor, useEditor } from '../editing/editor-store';
import { undoLast } from '../editing/undo';
import { ChangesView } from '../history/ChangesView';
import { HistoryView } from '../history/HistoryView';
import { ImportView } from '../import/ImportView';
import { RackView } from '../rack/RackView';
import { RoomView } from '../room/RoomView';
import { HealthView } from '../health/HealthView';
import { SyncView } from '../sync/SyncView';
import { HomeView } from './HomeView';
import { isTyping } from './keyboard';
import type { Route } from './route';
import { useRoute } from './router';
import { Sidebar } from './Sidebar';
import { SiteView } from './SiteView';
import { Toasts } from './Toasts';
import { ConnectionBanner } from './ConnectionBanner';
import { TopBar } from './TopBar';
import { TelemetryImportView } from '../telemetry/TelemetryImportView';
import { setSidebarShown, useSidebarShown } from './layout-store';
import { NotFoundView } from './NotFoundView';
import { invalidateData } from '../api/data-version';

/** The place without its selection: moving to another place closes an open form, picking a device does not. */
function placeKey(route: Route): string {
  switch (route.view) {
    case 'site':
      return `site-${route.siteId}`;
    case 'room':
      return `room-${route.roomId}`;
    case 'rack':
      return `rack-${route.rackId}`;
    case 'device':
      return `device-${route.deviceId}`;
    case 'history':
      return `history-${route.entity}-${route.entityId}`;
    default:
      return route.view;
  }
}

function View(props: { route: Route }): ReactElement {
  const { route } = props;
  switch (route.view) {
    case 'home':
      return <HomeView />;
    case 'site':
      return <SiteView siteId={route.siteId} />;
    case 'room':
      return <RoomView roomId={route.roomId} tab={route.tab} />;
    case 'rack':
      return <RackView rackId={route.rackId} deviceId={route.deviceId} acceleratorId={route.acceleratorId} u={route.u} findingAt={route.findingAt ?? null} />;
    case 'device':
      return <DeviceView deviceId={route.deviceId} acceleratorId={route.acceleratorId} />;
    case 'changes':
      return <ChangesView />;
    case 'history':
      return <HistoryView entity={route.entity} entityId={route.entityId} />;
    case 'import':
      return <ImportView />;
    case 'audit':
      return <AuditView auditId={route.auditId} />;
    case 'telemetry':
      return <TelemetryImportView onImported={invalidateData} />;
    case 'health':
      return <HealthView roomId={route.roomId} />;
    case 'sync':
      return <SyncView />;
    case 'not-found':
      return <NotFoundView what={`Nothing lives at ${route.hash}`} />;
  }
}

/** The console: top bar, the site tree, the view for the route, and the forms and toasts over it. */
export function App(): ReactElement {
  const route = useRoute();
  const searchRef = useRef<HTMLInputElement>(null);
  const editor = useEditor();
  const editorOpen = editor !== null;
  const place = placeKey(route);
  const onMap = route.view === 'room' && (route.tab === 'floor' || route.tab === 'heatmap');
  const sidebarShown = useSidebarShown(onMap);
  const sidebarShownRef = useRef(sidebarShown);
  sidebarShownRef.current = sidebarShown;

  useEffect(() => closeEditor(), [place]);

  useEffect(() => {
    function onKey(event: KeyboardEvent): void {
      const ctrl = event.ctrlKey || event.metaKey;
      if (ctrl && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        searchRef.current?.focus();
      } else if (event.key === '/' && !ctrl && !isTyping(event.target) && !editorOpen) {
        event.preventDefault();
        searchRef.current?.focus();
      } else if (ctrl && !event.shiftKey && event.key.toLowerCase() === 'z' && !isTyping(event.target) && !editorOpen) {
        event.preventDefault();
        void undoLast();
      } else if (ctrl && event.key.toLowerCase() === 'b' && !editorOpen) {
        event.preventDefault();
        setSidebarShown(!sidebarShownRef.current);
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [editorOpen]);

  return (
    <div className={sidebarShown ? 'app' : 'app is-sidebar-hidden'}>
      <TopBar ref={searchRef} route={route} sidebarShown={sidebarShown} onToggleSidebar={() => setSidebarShown(!sidebarShown)} />
      {sidebarShown ? <Sidebar /> : null}
      <main className="main" key={route.view === 'rack' ? place : route.view}>
        <View route={route} />
      </main>
      <EditorHost />
      <Toasts />
      <ConnectionBanner />
    </div>
  );
}
