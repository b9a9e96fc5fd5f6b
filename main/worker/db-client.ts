import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { contract, isRequestName } from '../../app/api/contract';
import { FloorwalkError } from '../../app/core/errors';
import type { ProgressSink } from '../../app/core/progress';
import type { Encryptor } from '../../app/netbox/token-store';
import { LOCK_WAIT_PHASE } from '../../app/db/write-lock';
import type { WorkerCancel, WorkerReady, WorkerReply, WorkerRequest, WorkerSecretAnswer, WorkerSecretAsk, WorkerStartup } from './protocol';

interface Pending {
  resolve(value: unknown): void;
  reject(error: unknown): void;
  onProgress: ProgressSink | undefined;
}

/**
 * Readers beside the writer. Two covers a console that searches and redraws a map while an import writes;
 * more would only compete for the same cores.
 */
export const READ_POOL_SIZE = Math.max(1, Math.min(2, os.cpus().length));

/**
 * Writes that run for long (a telemetry file of millions of rows) get their own connection and thread: the
 * import commits in chunks (app/telemetry/store/batches.ts), and between its chunks the writer, not queued
 * behind it, stores a scan or a device edit.
 */
const LONG_WRITES: ReadonlySet<string> = new Set(['telemetry.import']);

/** One worker thread: one promise per request, progress events routed to their caller. */
class WorkerLink {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** Since when the request running now waits for another process's write lock (epoch ms), or null. */
  waitingSinceMs: number | null = null;

  private constructor(
    private readonly worker: Worker,
    private readonly secrets: Encryptor | undefined,
  ) {
    worker.on('message', (reply: WorkerReply | WorkerSecretAsk) => {
      if ('kind' in reply && reply.kind === 'secret') void this.onSecret(reply);
      else this.onReply(reply);
    });
    worker.on('error', (error) => this.failAll(error));
    worker.on('exit', (code) => this.failAll(new FloorwalkError('internal', `database worker stopped (exit ${code})`)));
  }

  static async start(startup: WorkerStartup, workerFile: string, secrets?: Encryptor): Promise<WorkerLink> {
    const worker = new Worker(workerFile, { workerData: { ...startup, secrets: secrets !== undefined } });
    const ready = await new Promise<WorkerReady>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    if (ready.kind === 'failed') {
      await worker.terminate();
      throw FloorwalkError.fromData(ready.error);
    }
    return new WorkerLink(worker, secrets);
  }

  /** Seals or opens a secret for the worker with the owner's keychain; the plain text never leaves the process. */
  private async onSecret(ask: WorkerSecretAsk): Promise<void> {
    let answer: WorkerSecretAnswer;
    try {
      if (this.secrets === undefined) throw new Error('no keychain here');
      const data =
        ask.op === 'available'
          ? (await this.secrets.isEncryptionAvailable()) ? '1' : '0'
          : ask.op === 'encrypt'
            ? (await this.secrets.encryptString(ask.data)).toString('base64')
            : await this.secrets.decryptString(Buffer.from(ask.data, 'base64'));
      answer = { kind: 'secret-answer', secretId: ask.secretId, ok: true, data };
    } catch (error) {
      answer = { kind: 'secret-answer', secretId: ask.secretId, ok: false, message: (error as Error).message };
    }
    this.worker.postMessage(answer);
  }

  /** Requests sent and not yet answered: the pool sends a read to the least busy reader. */
  get load(): number {
    return this.pending.size;
  }

  call(name: string, input: unknown, actor: string, onProgress?: ProgressSink, signal?: AbortSignal): Promise<unknown> {
    const id = this.nextId++;
    const request: WorkerRequest = { id, name, input, actor };
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress });
      this.worker.postMessage(request);
      signal?.addEventListener('abort', () => {
        const cancel: WorkerCancel = { kind: 'cancel', id };
        this.worker.postMessage(cancel);
      });
    });
  }

  async close(): Promise<void> {
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.postMessage({ kind: 'close' });
    await exited;
  }

  private onReply(reply: WorkerReply): void {
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    if (reply.kind === 'progress') {
      // Noted whether or not the caller listens: the console's heartbeat reports it (GET /api-alive).
      this.waitingSinceMs = reply.progress.phase === LOCK_WAIT_PHASE ? (this.waitingSinceMs ?? Date.now() - reply.progress.done * 1000) : null;
      pending.onProgress?.(reply.progress);
      return;
    }
    this.waitingSinceMs = null;
    this.pending.delete(reply.id);
    if (reply.kind === 'result') pending.resolve(reply.result);
    else pending.reject(FloorwalkError.fromData(reply.error));
  }

  private failAll(error: unknown): void {
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}

/**
 * The database as the shells see it: one writer thread that runs writes in order, and a pool of read-only
 * WAL readers for the requests the contract declares `access: 'read'`. SQLite's WAL lets a reader see the
 * last committed state while the writer is inside a long transaction, so a search never waits for an
 * import. Everything else (writes, and reads not declared) goes to the writer, in order.
 */
export class DbWorkerClient {
  private constructor(
    private readonly writer: WorkerLink,
    private readonly readers: readonly WorkerLink[],
    private readonly importer: WorkerLink | null,
  ) {}

  /** Starts the writer (which opens and migrates the database), then the readers. */
  /** `secrets`: the desktop app's safeStorage, which the writer uses to seal NetBox tokens (readers never need it). */
  static async start(startup: WorkerStartup, workerFile = path.join(__dirname, 'db-worker.js'), readerCount = READ_POOL_SIZE, secrets?: Encryptor): Promise<DbWorkerClient> {
    const writer = await WorkerLink.start({ ...startup, reader: false }, workerFile, secrets);
    // A file in memory or one whose WAL readers cannot open (no -shm beside it) is served by the writer alone.
    const readers = startup.dbPath === ':memory:' ? [] : await Promise.all(
      Array.from({ length: readerCount }, () => WorkerLink.start({ ...startup, create: false, reader: true }, workerFile).catch(() => null)),
    );
    const importer = startup.dbPath === ':memory:' ? null : await WorkerLink.start({ ...startup, create: false, reader: false }, workerFile).catch(() => null);
    return new DbWorkerClient(writer, readers.filter((reader): reader is WorkerLink => reader !== null), importer);
  }

  /** How long the write running now has waited for another Floorwalk process's lock (ms), or null. */
  lockWaitMs(): number | null {
    const since = this.writer.waitingSinceMs;
    return since === null ? null : Math.max(0, Date.now() - since);
  }

  /** How many readers serve reads (0 means the writer serves everything). */
  get readerCount(): number {
    return this.readers.length;
  }

  call(name: string, input: unknown, actor: string, onProgress?: ProgressSink, signal?: AbortSignal): Promise<unknown> {
    return this.linkFor(name).call(name, input, actor, onProgress, signal);
  }

  async close(): Promise<void> {
    await Promise.all(this.readers.map((reader) => reader.close()));
    await this.importer?.close();
    await this.writer.close();
  }

  private linkFor(name: string): WorkerLink {
    if (this.importer && LONG_WRITES.has(name)) return this.importer;
    if (this.readers.length === 0 || !isRequestName(name) || contract[name].access !== 'read') return this.writer;
    let best = this.readers[0] as WorkerLink;
    for (const reader of this.readers) if (reader.load < best.load) best = reader;
    return best;
  }
}
