import fs from 'node:fs';
import path from 'node:path';
import { dispatch } from '../../app/api/dispatch';
import { startHttpServer, type RunningServer, type ServerLimits } from '../../main/server/http-server';
import { testDb } from './db';
import { tempDir } from './temp';

/**
 * The real browser-mode HTTP server on a small demo database, dispatching in-process as the console
 * caller, with a stand-in index.html. `cleanup` closes the server and removes the files.
 */
export async function startTestServer(options: { demoAccelerators: number; limits: Partial<ServerLimits> }): Promise<{ server: RunningServer; cleanup: () => Promise<void> }> {
  const test = testDb({ demoAccelerators: options.demoAccelerators });
  const statics = tempDir();
  fs.writeFileSync(path.join(statics.dir, 'index.html'), '<!doctype html><title>Floorwalk</title>');
  const server = await startHttpServer({
    caller: (name, input, actor, onProgress) => dispatch({ db: test.db, dbPath: test.file, actor, caller: 'console', ...(onProgress ? { onProgress } : {}) }, name, input),
    staticDir: statics.dir,
    limits: options.limits,
  });
  return {
    server,
    async cleanup() {
      await server.close();
      statics.cleanup();
      test.cleanup();
    },
  };
}
