import { FieldComputer } from './compute-field';
import { isFieldError, type FieldJob, type FieldResult, type WorkerReply } from './worker-protocol';

/** The worker bundle next to app.js (resources/build/build.mjs builds it from renderer/heatmap/worker.ts). */
export const WORKER_URL = './heatmap-worker.js';

type Pending = { job: FieldJob; resolve: (result: FieldResult) => void; reject: (error: Error) => void };

/**
 * Computes fields in the Web Worker. The CSP has no worker-src, so it falls back to script-src 'self',
 * which allows this same-origin bundle. Where a worker cannot start at all (an old shell), the same code
 * runs on the main thread, slower but correct.
 */
export class FieldClient {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private fallback: FieldComputer | null = null;

  constructor() {
    try {
      this.worker = new Worker(WORKER_URL, { type: 'module', name: 'heatmap-field' });
      this.worker.onmessage = (event: MessageEvent<WorkerReply>) => this.settle(event.data);
      this.worker.onerror = () => this.useMainThread();
    } catch {
      this.useMainThread();
    }
  }

  /** True while fields are computed off the UI thread. */
  get inWorker(): boolean {
    return this.worker !== null;
  }

  compute(job: Omit<FieldJob, 'id'>): Promise<FieldResult> {
    const id = this.nextId++;
    const full: FieldJob = { ...job, id };
    if (!this.worker) return Promise.resolve(this.mainThread().compute(full));
    return new Promise<FieldResult>((resolve, reject) => {
      this.pending.set(id, { job: full, resolve, reject });
      this.worker?.postMessage(full);
    });
  }

  dispose(): void {
    this.worker?.terminate();
    this.worker = null;
    for (const p of this.pending.values()) p.reject(new Error('closed'));
    this.pending.clear();
  }

  private settle(reply: WorkerReply): void {
    const waiting = this.pending.get(reply.id);
    if (!waiting) return;
    this.pending.delete(reply.id);
    if (isFieldError(reply)) waiting.reject(new Error(reply.error));
    else waiting.resolve(reply);
  }

  private mainThread(): FieldComputer {
    this.fallback ??= new FieldComputer();
    return this.fallback;
  }

  /** Drops the worker and answers what was waiting for it on the main thread. */
  private useMainThread(): void {
    this.worker?.terminate();
    this.worker = null;
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const p of waiting) {
      try {
        p.resolve(this.mainThread().compute(p.job));
      } catch (error) {
        p.reject(error instanceof Error ? error : new Error(String(error)));
      }
    }
  }
}
