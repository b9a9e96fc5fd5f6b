import fs from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  denyPermissionCheck,
  denyPermissionRequest,
  ELECTRON_FUSES,
  guardWebContents,
  isTrustedSender,
  MAIN_WEB_PREFERENCES,
  mainWindowOptions,
  PDF_CONTENT_SECURITY_POLICY,
  PDF_WINDOW_OPTIONS,
  withContentSecurityPolicy,
  type GuardableContents,
  type NavigationEvent,
} from '../../main/electron/hardening';
import { runFloorwalk } from '../support/cli';
import { REPO_ROOT, tempDir } from '../support/temp';

/**
 * Electron's binary cannot be downloaded here, so the desktop shell's hardening is tested two ways: the
 * options and handlers as data and pure functions with fake events, and the built main-process bundle
 * (dist/main/electron-main.js) run against a recording stand-in for the `electron` module, so what the
 * real main process passes to BrowserWindow, the session and ipcMain is read back and asserted flag by flag.
 */

const APP_URL = 'file:///opt/Floorwalk/resources/app.asar/dist/renderer/index.html';

/** Web contents that records the listeners the guards install, for fake events to be fed in. */
function fakeContents(): GuardableContents & { listeners: Map<string, (event: NavigationEvent, url?: string) => void>; openHandler: (() => { action: string }) | null } {
  const listeners = new Map<string, (event: NavigationEvent, url?: string) => void>();
  const contents = {
    listeners,
    openHandler: null as (() => { action: string }) | null,
    on(name: string, listener: (event: NavigationEvent, url?: string) => void) {
      listeners.set(name, listener);
      return contents;
    },
    setWindowOpenHandler(handler: () => { action: 'deny' }) {
      contents.openHandler = handler;
    },
  };
  return contents as typeof contents & GuardableContents;
}

function fakeEvent(url?: string): NavigationEvent & { prevented: boolean } {
  const event = {
    prevented: false,
    preventDefault() {
      event.prevented = true;
    },
    ...(url !== undefined ? { url } : {}),
  };
  return event;
}

describe('window options', () => {
  it('the console window is sandboxed, isolated, without Node, with web security, and loads only the preload', () => {
    const options = mainWindowOptions('/app/dist/main/preload.js');
    const prefs = options.webPreferences ?? {};
    expect(prefs).toEqual({ ...MAIN_WEB_PREFERENCES, preload: '/app/dist/main/preload.js' });
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.experimentalFeatures).toBe(false);
    expect(prefs.navigateOnDragDrop).toBe(false);
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
  });

  it('the PDF window runs no JavaScript, has no preload (no bridge) and is sandboxed', () => {
    const prefs = PDF_WINDOW_OPTIONS.webPreferences ?? {};
    expect(PDF_WINDOW_OPTIONS.show).toBe(false);
    expect(prefs.javascript).toBe(false);
    expect(prefs).not.toHaveProperty('preload');
    expect(prefs.sandbox).toBe(true);
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.webviewTag).toBe(false);
  });

  it('the PDF window’s CSP lets nothing load from anywhere, and is the first thing in the report’s head', () => {
    expect(PDF_CONTENT_SECURITY_POLICY).toMatch(/^default-src 'none';/);
    expect(PDF_CONTENT_SECURITY_POLICY).toContain("script-src 'none'");
    expect(PDF_CONTENT_SECURITY_POLICY).not.toMatch(/https?:|\*/);
    const html = withContentSecurityPolicy('<!doctype html><html><head lang="en"><title>R</title><img src="http://evil.example/x.png"></head></html>');
    expect(html).toMatch(/^<!doctype html><html><head lang="en"><meta http-equiv="Content-Security-Policy" content="default-src 'none';[^"]*"><title>/);
    const bare = withContentSecurityPolicy('<p>no head</p>');
    expect(bare).toMatch(/^<!doctype html><html><head><meta http-equiv="Content-Security-Policy"[^>]*><\/head><body><p>no head<\/p><\/body><\/html>$/);
  });
});

describe('IPC sender check: an exact URL match', () => {
  const cases: Array<[string, { url: string; parent: unknown } | null, boolean]> = [
    ['the app’s top frame', { url: APP_URL, parent: null }, true],
    ['the app’s top frame on a route (hash)', { url: `${APP_URL}#/rack/12`, parent: null }, true],
    ['a longer path with the app as prefix', { url: `${APP_URL}.evil.html`, parent: null }, false],
    ['another file next to the app', { url: APP_URL.replace('index.html', 'other.html'), parent: null }, false],
    ['the app with a query', { url: `${APP_URL}?x=1`, parent: null }, false],
    ['a sub-frame showing the app', { url: APP_URL, parent: {} }, false],
    ['a web page', { url: 'https://evil.example/index.html', parent: null }, false],
    ['a data: URL', { url: 'data:text/html,<p>x</p>', parent: null }, false],
    ['a destroyed frame', null, false],
  ];
  for (const [name, frame, trusted] of cases) {
    it(`${name}: ${trusted ? 'answered' : 'refused'}`, () => {
      expect(isTrustedSender(frame, APP_URL)).toBe(trusted);
    });
  }
});

describe('navigation guards on every web contents', () => {
  it('will-navigate, will-redirect and will-frame-navigate go nowhere but the app; no new windows; no <webview>', () => {
    const contents = fakeContents();
    guardWebContents(contents, APP_URL);
    expect([...contents.listeners.keys()].sort()).toEqual(['will-attach-webview', 'will-frame-navigate', 'will-navigate', 'will-redirect']);
    for (const name of ['will-navigate', 'will-redirect']) {
      const away = fakeEvent();
      contents.listeners.get(name)?.(away, 'https://evil.example/');
      expect(away.prevented, name).toBe(true);
      const home = fakeEvent();
      contents.listeners.get(name)?.(home, `${APP_URL}#/`);
      expect(home.prevented, name).toBe(false);
    }
    // Electron ≥ 25 passes the URL on the event (will-frame-navigate only so).
    const frameAway = fakeEvent('file:///etc/passwd');
    contents.listeners.get('will-frame-navigate')?.(frameAway);
    expect(frameAway.prevented).toBe(true);
    const noUrl = fakeEvent();
    contents.listeners.get('will-frame-navigate')?.(noUrl);
    expect(noUrl.prevented).toBe(true);
    const webview = fakeEvent();
    contents.listeners.get('will-attach-webview')?.(webview);
    expect(webview.prevented).toBe(true);
    expect(contents.openHandler?.()).toEqual({ action: 'deny' });
  });

  it('every permission request is refused and every check says no', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'usb', 'fullscreen']) {
      let granted: boolean | null = null;
      denyPermissionRequest(null, permission, (value) => (granted = value));
      expect(granted, permission).toBe(false);
    }
    expect(denyPermissionCheck()).toBe(false);
  });
});

describe('electron-builder fuses', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { build: { asar?: boolean; electronFuses?: Record<string, boolean> } };
  it('the packaged binary gets exactly the fuses the code declares', () => {
    expect(pkg.build.electronFuses).toEqual(ELECTRON_FUSES);
  });
  it('no ELECTRON_RUN_AS_NODE, NODE_OPTIONS or --inspect; app code only from the asar; cookies encrypted', () => {
    const fuses = pkg.build.electronFuses ?? {};
    expect(fuses['runAsNode']).toBe(false);
    expect(fuses['enableNodeOptionsEnvironmentVariable']).toBe(false);
    expect(fuses['enableNodeCliInspectArguments']).toBe(false);
    expect(fuses['onlyLoadAppFromAsar']).toBe(true);
    expect(fuses['enableEmbeddedAsarIntegrityValidation']).toBe(true);
    expect(fuses['enableCookieEncryption']).toBe(true);
    expect(pkg.build.asar).toBe(true);
  });
});

/** What the built main process did to the stand-in `electron` module. */
interface Recorded {
  windows: Array<{ options: { webPreferences?: Record<string, unknown> }; loaded: string | null }>;
  appListeners: Map<string, (...args: unknown[]) => void>;
  ipcHandlers: Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>;
  permissionRequest: ((...args: unknown[]) => void) | null;
  permissionCheck: ((...args: unknown[]) => boolean) | null;
  devicePermission: ((...args: unknown[]) => boolean) | null;
  headers: ((details: { responseHeaders: Record<string, string[]> }, callback: (value: { responseHeaders: Record<string, string[]> }) => void) => void) | null;
  ready: Promise<void>;
}

function fakeElectron(): { module: unknown; recorded: Recorded } {
  let markReady: () => void = () => undefined;
  const windowLoaded = new Promise<void>((resolve) => (markReady = resolve));
  const recorded: Recorded = { windows: [], appListeners: new Map(), ipcHandlers: new Map(), permissionRequest: null, permissionCheck: null, devicePermission: null, headers: null, ready: windowLoaded };
  class BrowserWindow {
    readonly webContents = fakeContents();
    private readonly entry: { options: { webPreferences?: Record<string, unknown> }; loaded: string | null };
    constructor(options: { webPreferences?: Record<string, unknown> }) {
      this.entry = { options, loaded: null };
      recorded.windows.push(this.entry);
    }
    loadFile(file: string): Promise<void> {
      this.entry.loaded = pathToFileURL(file).href;
      markReady();
      return Promise.resolve();
    }
    static fromWebContents(): null {
      return null;
    }
  }
  const session = {
    defaultSession: {
      webRequest: { onHeadersReceived: (listener: Recorded['headers']) => (recorded.headers = listener) },
      setPermissionRequestHandler: (handler: Recorded['permissionRequest']) => (recorded.permissionRequest = handler),
      setPermissionCheckHandler: (handler: Recorded['permissionCheck']) => (recorded.permissionCheck = handler),
      setDevicePermissionHandler: (handler: Recorded['devicePermission']) => (recorded.devicePermission = handler),
    },
  };
  const app = {
    on: (name: string, listener: (...args: unknown[]) => void) => recorded.appListeners.set(name, listener),
    setName: () => undefined,
    whenReady: () => Promise.resolve(),
    exit: (code: number) => {
      throw new Error(`the main process exited ${code}`);
    },
    quit: () => undefined,
  };
  const ipcMain = {
    handle: (channel: string, handler: Recorded['ipcHandlers'] extends Map<string, infer H> ? H : never) => recorded.ipcHandlers.set(channel, handler),
    on: (channel: string, handler: Recorded['ipcHandlers'] extends Map<string, infer H> ? H : never) => recorded.ipcHandlers.set(channel, handler),
  };
  return { module: { app, BrowserWindow, session, ipcMain, dialog: {}, contextBridge: {}, ipcRenderer: {} }, recorded };
}

describe('the built main process (dist/main/electron-main.js) run against a recording electron', () => {
  let recorded: Recorded;
  let cleanup: () => void;
  const requireFromRoot = createRequire(path.join(REPO_ROOT, 'package.json'));
  const electronId = requireFromRoot.resolve('electron');
  const bundle = path.join(REPO_ROOT, 'dist', 'main', 'electron-main.js');
  let savedDb: string | undefined;

  beforeAll(async () => {
    const temp = tempDir();
    cleanup = temp.cleanup;
    const db = path.join(temp.dir, 'desktop.db');
    expect(runFloorwalk(['--db', db, 'demo', '--accelerators', '16']).code).toBe(0);
    savedDb = process.env['FLOORWALK_DB'];
    process.env['FLOORWALK_DB'] = db;
    const fake = fakeElectron();
    recorded = fake.recorded;
    const stub = new Module(electronId);
    stub.exports = fake.module;
    stub.loaded = true;
    requireFromRoot.cache[electronId] = stub;
    delete requireFromRoot.cache[bundle];
    requireFromRoot(bundle);
    await recorded.ready;
  });

  afterAll(async () => {
    // The app's own quit path closes the database worker.
    recorded.appListeners.get('before-quit')?.();
    await new Promise((resolve) => setTimeout(resolve, 200));
    delete requireFromRoot.cache[electronId];
    delete requireFromRoot.cache[bundle];
    if (savedDb === undefined) delete process.env['FLOORWALK_DB'];
    else process.env['FLOORWALK_DB'] = savedDb;
    cleanup();
  });

  it('opens one window with every hardening flag and the bundled preload, on the bundled index.html', () => {
    expect(recorded.windows).toHaveLength(1);
    const window = recorded.windows[0]!;
    expect(window.options.webPreferences).toEqual({ ...MAIN_WEB_PREFERENCES, preload: path.join(REPO_ROOT, 'dist', 'main', 'preload.js') });
    expect(window.loaded).toBe(pathToFileURL(path.join(REPO_ROOT, 'dist', 'renderer', 'index.html')).href);
  });

  it('denies every permission request, check and device, and sets the CSP header on every response', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      let granted: boolean | null = null;
      recorded.permissionRequest?.({}, permission, (value: boolean) => (granted = value), {});
      expect(granted, permission).toBe(false);
      expect(recorded.permissionCheck?.({}, permission, 'file://', {}), permission).toBe(false);
    }
    expect(recorded.devicePermission?.({ deviceType: 'usb', origin: 'file://' })).toBe(false);
    let headers: Record<string, string[]> = {};
    recorded.headers?.({ responseHeaders: {} }, (value) => (headers = value.responseHeaders));
    expect(headers['Content-Security-Policy']?.[0]).toMatch(/^default-src 'self'/);
  });

  it('guards every web contents created, with the app’s exact URL', () => {
    const listener = recorded.appListeners.get('web-contents-created');
    expect(listener).toBeDefined();
    const contents = fakeContents();
    listener?.({}, contents);
    const away = fakeEvent();
    contents.listeners.get('will-redirect')?.(away, 'http://127.0.0.1:1/');
    expect(away.prevented).toBe(true);
    const home = fakeEvent(`${recorded.windows[0]?.loaded ?? ''}#/changes`);
    contents.listeners.get('will-frame-navigate')?.(home);
    expect(home.prevented).toBe(false);
  });

  it('answers IPC only from the app’s own top frame, and then from the real database', async () => {
    const handler = recorded.ipcHandlers.get('floorwalk:inventory.stats');
    expect(handler).toBeDefined();
    const appUrl = recorded.windows[0]?.loaded ?? '';
    const sender = { send: () => undefined };
    const refused = (await handler?.({ senderFrame: { url: `${appUrl}.evil`, parent: null }, sender }, {})) as { ok: boolean; error?: { message: string } };
    expect(refused).toMatchObject({ ok: false, error: { message: 'request from an untrusted frame refused' } });
    const subFrame = (await handler?.({ senderFrame: { url: appUrl, parent: {} }, sender }, {})) as { ok: boolean };
    expect(subFrame.ok).toBe(false);
    const answered = (await handler?.({ senderFrame: { url: `${appUrl}#/`, parent: null }, sender }, {})) as { ok: boolean; result?: { accelerators: number } };
    expect(answered).toMatchObject({ ok: true, result: { accelerators: 16 } });
  });
});
