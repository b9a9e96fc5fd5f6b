import path from 'node:path';
import { pathToFileURL } from 'node:url';
import os from 'node:os';
import { app, BrowserWindow, safeStorage, session } from 'electron';
import { defaultDatabasePath } from '../../app/core/paths';
import { DbWorkerClient, READ_POOL_SIZE } from '../worker/db-client';
import { CONTENT_SECURITY_POLICY } from '../server/csp';
import { denyPermissionCheck, denyPermissionRequest, guardWebContents, mainWindowOptions } from './hardening';
import { registerIpcHandlers } from './ipc';

const indexFile = path.join(__dirname, '..', 'renderer', 'index.html');
/** The one page the app shows; IPC answers only its top frame, navigation goes nowhere else. */
const appUrl = pathToFileURL(indexFile).href;

/** Electron main: a locked-down window on the same renderer, the database in its worker thread. */
async function createWindow(): Promise<void> {
  const dbPath = defaultDatabasePath();
  // NetBox tokens are sealed with the OS keychain through safeStorage (where it can encrypt; else a 0600 file).
  const client = await DbWorkerClient.start({ dbPath, create: true }, undefined, READ_POOL_SIZE, safeStorage);
  registerIpcHandlers(client, appUrl, os.userInfo().username);

  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  // Floorwalk makes no network call and needs no device: refuse every permission a page could ask for,
  // and answer every check with no.
  session.defaultSession.setPermissionRequestHandler(denyPermissionRequest);
  session.defaultSession.setPermissionCheckHandler(denyPermissionCheck);
  session.defaultSession.setDevicePermissionHandler(denyPermissionCheck);

  const window = new BrowserWindow(mainWindowOptions(path.join(__dirname, 'preload.js')));
  await window.loadFile(indexFile);
  app.on('before-quit', () => {
    void client.close();
  });
}

// Every web contents (the console, the PDF printer, anything a bug might open) gets the navigation guards.
app.on('web-contents-created', (_event, contents) => guardWebContents(contents, appUrl));
app.setName('Floorwalk');
app
  .whenReady()
  .then(createWindow)
  .catch((error: unknown) => {
    console.error(`Floorwalk could not start: ${(error as Error).message}`);
    app.exit(1);
  });
app.on('window-all-closed', () => app.quit());
