import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase, type Db } from '../../app/db/open';
import { dispatch } from '../../app/api/dispatch';
import { toErrorData } from '../../app/core/errors';
import type { WorkerReady, WorkerReply, WorkerRequest, WorkerStartup } from './protocol';

/**
 * The one owner of the database connection. Requests arrive one at a time and run to completion, so
 * SQLite work never blocks the UI thread or the HTTP event loop, and writes never interleave.
 */
function start(port: NonNullable<typeof parentPort>, startup: WorkerStartup): void {
  let db: Db;
  try {
    db = openDatabase(startup.dbPath, { create: startup.create });
  } catch (error) {
    const failed: WorkerReady = { kind: 'failed', error: toErrorData(error) };
    port.postMessage(failed);
    return;
  }
  const ready: WorkerReady = { kind: 'ready' };
  port.postMessage(ready);

  let queue: Promise<void> = Promise.resolve();
  port.on('message', (message: WorkerRequest | { kind: 'close' }) => {
    if ('kind' in message) {
      queue = queue.then(() => {
        db.close();
        port.close();
      });
      return;
    }
    queue = queue.then(async () => {
      const post = (reply: WorkerReply): void => port.postMessage(reply);
      try {
        const result = await dispatch(
          {
            db,
            dbPath: startup.dbPath,
            actor: message.actor,
            onProgress: (progress) => post({ id: message.id, kind: 'progress', progress }),
          },
          message.name,
          message.input,
        );
        post({ id: message.id, kind: 'result', result });
      } catch (error) {
        post({ id: message.id, kind: 'error', error: toErrorData(error) });
      }
    });
  });
}

if (parentPort) start(parentPort, workerData as WorkerStartup);
