import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase, type Db } from '../../app/db/open';
import { LOCK_WAIT_PHASE, onLockWait } from '../../app/db/write-lock';
import { dispatch } from '../../app/api/dispatch';
import { cleanDeadBatches } from '../../app/telemetry/store/batches';
import { FloorwalkError, toErrorData } from '../../app/core/errors';
import type { Encryptor } from '../../app/netbox/token-store';
import type { WorkerCancel, WorkerReady, WorkerReply, WorkerRequest, WorkerSecretAnswer, WorkerSecretAsk, WorkerStartup } from './protocol';

/**
 * One database connection in its own thread: the writer (the one owner of writes) or a reader of the read
 * pool. Requests run one at a time, in order, so SQLite work never blocks the UI thread or the HTTP event
 * loop and writes never interleave; a reader's connection is read-only, so a request wrongly declared
 * `read` fails with SQLite's refusal rather than writing beside the writer. A long handler that awaits
 * between steps (a streaming import) still receives cancel messages, through ctx.signal.
 */
/** The owner's keychain, one message round trip per call. */
function ownerSecrets(port: NonNullable<typeof parentPort>): { encryptor: Encryptor; answer(message: WorkerSecretAnswer): void } {
  let next = 1;
  const waiting = new Map<number, { resolve(data: string): void; reject(error: Error): void }>();
  const ask = (op: WorkerSecretAsk['op'], data: string): Promise<string> =>
    new Promise((resolve, reject) => {
      const secretId = next++;
      waiting.set(secretId, { resolve, reject });
      const message: WorkerSecretAsk = { kind: 'secret', secretId, op, data };
      port.postMessage(message);
    });
  return {
    encryptor: {
      isEncryptionAvailable: async () => (await ask('available', '')) === '1',
      encryptString: async (plain) => Buffer.from(await ask('encrypt', plain), 'base64'),
      decryptString: (sealed) => ask('decrypt', sealed.toString('base64')),
    },
    answer(message) {
      const pending = waiting.get(message.secretId);
      waiting.delete(message.secretId);
      if (message.ok) pending?.resolve(message.data);
      else pending?.reject(new FloorwalkError('internal', `The OS keychain refused: ${message.message}`));
    },
  };
}

function start(port: NonNullable<typeof parentPort>, startup: WorkerStartup): void {
  let db: Db;
  try {
    db = startup.reader
      ? openDatabase(startup.dbPath, { readonly: true, skipQuickCheck: true })
      : openDatabase(startup.dbPath, { create: startup.create });
  } catch (error) {
    const failed: WorkerReady = { kind: 'failed', error: toErrorData(error) };
    port.postMessage(failed);
    return;
  }
  if (!startup.reader) {
    try {
      // A telemetry import killed with its process left a pending batch: never visible, but it holds space.
      cleanDeadBatches(db);
    } catch {
      // Another process holds the lock for long: the next import cleans up instead.
    }
  }
  const ready: WorkerReady = { kind: 'ready' };
  port.postMessage(ready);

  const controllers = new Map<number, AbortController>();
  const secrets = startup.secrets === true ? ownerSecrets(port) : null;
  let queue: Promise<void> = Promise.resolve();
  port.on('message', (message: WorkerRequest | WorkerCancel | WorkerSecretAnswer | { kind: 'close' }) => {
    if ('kind' in message) {
      if (message.kind === 'secret-answer') {
        secrets?.answer(message);
        return;
      }
      if (message.kind === 'cancel') {
        controllers.get(message.id)?.abort();
        return;
      }
      queue = queue.then(() => {
        db.close();
        port.close();
      });
      return;
    }
    const controller = new AbortController();
    controllers.set(message.id, controller);
    queue = queue.then(async () => {
      const post = (reply: WorkerReply): void => port.postMessage(reply);
      // A write that waits for another process's lock says so, at the fraction the job had reached.
      let fraction = 0;
      onLockWait(db, (waitedMs) => {
        const progress = { phase: LOCK_WAIT_PHASE, done: Math.round(waitedMs / 1000), total: 0, fraction };
        post({ id: message.id, kind: 'progress', progress });
      });
      try {
        if (controller.signal.aborted) throw new FloorwalkError('cancelled', 'Cancelled before it started; nothing was written.');
        const result = await dispatch(
          {
            db,
            dbPath: startup.dbPath,
            actor: message.actor,
            // Everything the worker runs came from the renderer (IPC or browser-mode HTTP).
            caller: 'console',
            onProgress: (progress) => {
              fraction = progress.fraction;
              post({ id: message.id, kind: 'progress', progress });
            },
            signal: controller.signal,
            ...(secrets === null ? {} : { secrets: secrets.encryptor }),
          },
          message.name,
          message.input,
        );
        post({ id: message.id, kind: 'result', result });
      } catch (error) {
        post({ id: message.id, kind: 'error', error: toErrorData(error) });
      } finally {
        onLockWait(db, null);
        controllers.delete(message.id);
      }
    });
  });
}

if (parentPort) start(parentPort, workerData as WorkerStartup);
