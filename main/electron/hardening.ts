import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';

/**
 * Everything the desktop shell locks down, as data and pure functions, so a test can assert every flag
 * without Electron's binary: the windows' web preferences, the sender check of every IPC call, the
 * navigation guards every web contents gets, the permission handlers, the PDF window's CSP and the fuses
 * electron-builder flips in the packaged binary. electron-main.ts and print-pdf.ts only wire these up.
 */

/** What every window shares: isolated, no Node anywhere, web security on, no <webview>, no drag-and-drop navigation. */
const LOCKED_DOWN = {
  sandbox: true,
  contextIsolation: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  experimentalFeatures: false,
  navigateOnDragDrop: false,
} as const satisfies WebPreferences;

/** The console window: a sandboxed page that reaches the core only through the preload's bridge. */
export const MAIN_WEB_PREFERENCES = { ...LOCKED_DOWN, safeDialogs: true, spellcheck: false } as const satisfies WebPreferences;

export function mainWindowOptions(preload: string): BrowserWindowConstructorOptions {
  return {
    width: 1440,
    height: 900,
    backgroundColor: '#0f1216',
    title: 'Floorwalk',
    webPreferences: { ...MAIN_WEB_PREFERENCES, preload },
  };
}

/**
 * The hidden window that prints a report to PDF: no JavaScript, no preload (so no bridge), sandboxed.
 * The report is self-contained, so its CSP allows nothing from anywhere: inline styles, data: images.
 */
export const PDF_WEB_PREFERENCES = { ...LOCKED_DOWN, javascript: false } as const satisfies WebPreferences;

export const PDF_WINDOW_OPTIONS: BrowserWindowConstructorOptions = { show: false, webPreferences: PDF_WEB_PREFERENCES };

export const PDF_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "style-src 'unsafe-inline'",
  'img-src data:',
  'font-src data:',
  "script-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/**
 * The report's HTML with the PDF window's CSP as the first element of its head: a data: URL gets no
 * response headers, so the policy travels in the document, before anything it governs.
 */
export function withContentSecurityPolicy(html: string, policy: string = PDF_CONTENT_SECURITY_POLICY): string {
  const meta = `<meta http-equiv="Content-Security-Policy" content="${policy.replace(/"/g, '&quot;')}">`;
  const head = /<head(\s[^>]*)?>/i.exec(html);
  if (head) return `${html.slice(0, head.index + head[0].length)}${meta}${html.slice(head.index + head[0].length)}`;
  return `<!doctype html><html><head>${meta}</head><body>${html}</body></html>`;
}

/** A URL without its fragment: the console routes in the hash, so `index.html#/rack/3` is still the app. */
export function withoutFragment(url: string): string {
  const hash = url.indexOf('#');
  return hash === -1 ? url : url.slice(0, hash);
}

/** The part of Electron's WebFrameMain the sender check reads. */
export interface SenderFrame {
  readonly url: string;
  readonly parent: unknown;
}

/**
 * An IPC call is answered only from the console's own top frame: exactly the app's index.html (any hash),
 * not a prefix match (`…/index.html.evil`, `…/renderer/other.html`), not a sub-frame, not a destroyed frame.
 */
export function isTrustedSender(frame: SenderFrame | null | undefined, trustedUrl: string): boolean {
  return frame !== null && frame !== undefined && frame.parent === null && withoutFragment(frame.url) === trustedUrl;
}

/** The one place a page may navigate to: the app itself (a reload). Everything else is refused. */
export function isAllowedNavigation(url: string, trustedUrl: string): boolean {
  return withoutFragment(url) === trustedUrl;
}

/** What the guards need of an Electron navigation event (old signature: URL as the 2nd argument). */
export interface NavigationEvent {
  preventDefault(): void;
  readonly url?: string;
}

export type NavigationGuard = (event: NavigationEvent, url?: unknown) => void;

export function navigationGuard(trustedUrl: string): NavigationGuard {
  return (event, url) => {
    const target = typeof event.url === 'string' ? event.url : typeof url === 'string' ? url : '';
    if (!isAllowedNavigation(target, trustedUrl)) event.preventDefault();
  };
}

/** The part of Electron's WebContents the guards are installed on. */
export interface GuardableContents {
  on(event: 'will-navigate', listener: (event: NavigationEvent, url: string) => void): unknown;
  on(event: 'will-redirect', listener: (event: NavigationEvent, url: string) => void): unknown;
  on(event: 'will-frame-navigate', listener: (event: NavigationEvent) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: NavigationEvent) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

/**
 * Installed on every web contents the app creates (`app.on('web-contents-created')`), windows it did not
 * plan included: no navigation away from the app, no redirect, no frame navigating elsewhere, no new
 * windows, no <webview>.
 */
export function guardWebContents(contents: GuardableContents, trustedUrl: string): void {
  const guard = navigationGuard(trustedUrl);
  contents.on('will-navigate', guard);
  contents.on('will-redirect', guard);
  contents.on('will-frame-navigate', guard);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** Floorwalk needs no permission (camera, notifications, geolocation, USB, …): every request is refused. */
export function denyPermissionRequest(_contents: unknown, _permission: string, callback: (granted: boolean) => void): void {
  callback(false);
}

/** …and every synchronous check says no, so a page never even sees a permission as granted. */
export function denyPermissionCheck(): boolean {
  return false;
}

/**
 * The fuses electron-builder flips in the packaged binary (package.json `build.electronFuses`, which a test
 * keeps equal to this). `grantFileProtocolExtraPrivileges` stays on because the console loads from file://
 * as ES modules with a worker, which Chromium refuses to a plain file:// page; moving to a custom protocol
 * would let it go.
 */
export const ELECTRON_FUSES = {
  runAsNode: false,
  enableCookieEncryption: true,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  loadBrowserProcessSpecificV8Snapshot: false,
  grantFileProtocolExtraPrivileges: true,
} as const;
