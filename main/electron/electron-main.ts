import path from 'node:path';
import { pathToFileURL } from 'node:url';
import os from 'node:os';
import { app, BrowserWindow, safeStorage, session } from 'electron';
import { defaultDatabasePath } from '../../app/core/paths';
import { DbWorkerClient, READ_POOL_SIZE } from '../worker/db-client';
import { CONTENT_SECURITY_POLICY } from '../server/csp';
import { registerIpcHandlers } from './ipc';

/** Electron main: a locked-down window on the same renderer, the database in its worker thread. */
async function createWindow(): Promise<void> {
  const dbPath = defaultDatabasePath();
  // NetBox tokens are sealed with the OS keychain through safeStorage (where it can encrypt; else a 0600 file).
  const client = await DbWorkerClient.start({ dbPath, create: true }, undefined, READ_POOL_SIZE, safeStorage);
  const indexFile = path.join(__dirname, '..', 'renderer', 'index.html');
  registerIpcHandlers(client, pathToFileURL(indexFile).href, os.userInfo().username);

  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  // Floorwalk makes no network call; refuse every permission a page could ask for.
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));

  const window = new BrowserWindow({
    width: 1440,
    height: 900,
    backgroundColor: '#0f1216',
    title: 'Floorwalk',
    webPreferences: {
      preload: path.join(__dirname, 'preload.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  window.webContents.on('will-navigate', (event) => event.preventDefault());
  await window.loadFile(indexFile);
  app.on('before-quit', () => {
    void client.close();
  });
}

app.setName('Floorwalk');
app
  .whenReady()
  .then(createWindow)
  .catch((error: unknown) => {
    console.error(`Floorwalk could not start: ${(error as Error).message}`);
    app.exit(1);
  });
app.on('window-all-closed', () => app.quit());
