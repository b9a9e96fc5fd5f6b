/**
 * The heatmap's Web Worker (bundled by esbuild as dist/renderer/heatmap-worker.js): computes fields off
 * the UI thread so dragging the time slider never blocks input. One job at a time, answered in order.
 */
import { FieldComputer } from './compute-field';
import type { FieldJob, WorkerReply } from './worker-protocol';

interface WorkerScope {
  onmessage: ((event: MessageEvent<FieldJob>) => void) | null;
  postMessage(message: WorkerReply, transfer: Transferable[]): void;
}

const scope = self as unknown as WorkerScope;
const computer = new FieldComputer();

scope.onmessage = (event) => {
  const job = event.data;
  try {
    const result = computer.compute(job);
    scope.postMessage(result, [result.rgba.buffer, result.values.buffer]);
  } catch (error) {
    scope.postMessage({ id: job.id, error: error instanceof Error ? error.message : String(error) }, []);
  }
};
