import fs from 'node:fs';
import path from 'node:path';
import { DbWorkerClient } from '../worker/db-client';
import { startHttpServer, type RunningServer } from './http-server';

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

/** Browser mode: the database worker plus the loopback HTTP transport, serving the same renderer. */
export async function startBrowserMode(dbPath: string, port?: number): Promise<BrowserMode> {
  const client = await DbWorkerClient.start({ dbPath, create: false });
  const server = await startHttpServer({
    caller: (name, input, actor, onProgress, signal) => client.call(name, input, actor, onProgress, signal),
    staticDir: rendererDir(),
    ...(port !== undefined ? { port } : {}),
  });
  return {
    server,
    async stop() {
      await server.close();
      await client.close();
    },
  };
}
