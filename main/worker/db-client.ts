import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { FloorwalkError } from '../../app/core/errors';
import type { ProgressSink } from '../../app/core/progress';
import type { WorkerCancel, WorkerReady, WorkerReply, WorkerRequest, WorkerStartup } from './protocol';

interface Pending {
  resolve(value: unknown): void;
  reject(error: unknown): void;
  onProgress: ProgressSink | undefined;
}

/** Talks to the database worker: one promise per request, progress events routed to their caller. */
export class DbWorkerClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  private constructor(private readonly worker: Worker) {
    worker.on('message', (reply: WorkerReply) => this.onReply(reply));
    worker.on('error', (error) => this.failAll(error));
    worker.on('exit', (code) => this.failAll(new FloorwalkError('internal', `database worker stopped (exit ${code})`)));
  }

  /** Starts the worker next to this bundle and waits until it has opened (and migrated) the database. */
  static async start(startup: WorkerStartup, workerFile = path.join(__dirname, 'db-worker.js')): Promise<DbWorkerClient> {
    const worker = new Worker(workerFile, { workerData: startup });
    const ready = await new Promise<WorkerReady>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    if (ready.kind === 'failed') {
      await worker.terminate();
      throw FloorwalkError.fromData(ready.error);
    }
    return new DbWorkerClient(worker);
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
      pending.onProgress?.(reply.progress);
      return;
    }
    this.pending.delete(reply.id);
    if (reply.kind === 'result') pending.resolve(reply.result);
    else pending.reject(FloorwalkError.fromData(reply.error));
  }

  private failAll(error: unknown): void {
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}
