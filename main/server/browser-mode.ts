import fs from 'node:fs';
import path from 'node:path';
import { defaultDatabasePath } from '../../app/core/paths';
import { DbWorkerClient } from '../worker/db-client';
import { startHttpServer, type RunningServer } from './http-server';
import { newToken, readSession, sessionFile, writeSession } from './session-token';

export interface BrowserMode {
  readonly server: RunningServer;
  stop(): Promise<void>;
}

/** The renderer bundle sits next to the main bundles in dist/. */
export function rendererDir(): string {
  const dir = path.join(__dirname, '..', 'renderer');
  if (!fs.existsSync(path.join(dir, 'index.html'))) throw new Error(`the console is not built (${dir} is missing); run "npm run build"`);
  return dir;
}

/** Where browser-mode sessions are kept: beside the per-user database (FLOORWALK_SESSIONS_DIR overrides). */
export function sessionsDir(env: NodeJS.ProcessEnv = process.env): string {
  const override = env['FLOORWALK_SESSIONS_DIR'];
  if (override !== undefined && override !== '') return override;
  return path.join(path.dirname(defaultDatabasePath({ ...env, FLOORWALK_DB: '' })), 'sessions');
}

/**
 * Browser mode: the database worker plus the loopback HTTP transport, serving the same renderer. The token
 * and port of the last run on this database are reused, so an open page resumes after a restart; a port
 * taken since by something else gives way to a free one (the page then needs the new URL).
 */
export async function startBrowserMode(dbPath: string, port?: number): Promise<BrowserMode> {
  const client = await DbWorkerClient.start({ dbPath, create: false });
  const file = sessionFile(sessionsDir(), dbPath);
  const kept = readSession(file);
  const token = kept?.token ?? newToken();
  const start = (listenPort: number): Promise<RunningServer> =>
    startHttpServer({
      caller: (name, input, actor, onProgress, signal) => client.call(name, input, actor, onProgress, signal),
      lockWaitMs: () => client.lockWaitMs(),
      staticDir: rendererDir(),
      token,
      port: listenPort,
    });
  let server: RunningServer;
  try {
    server = await start(port ?? kept?.port ?? 0);
  } catch (error) {
    if (port !== undefined || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') {
      await client.close();
      throw error;
    }
    server = await start(0);
  }
  writeSession(file, { token, port: server.port });
  return {
    server,
    async stop() {
      await server.close();
      await client.close();
    },
  };
}
