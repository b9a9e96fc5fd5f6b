import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FloorwalkError } from '../../core/errors';

/**
 * An external sort of a file's readings by (metric, target), stable (file order within a series). Each
 * full buffer is sorted in memory and written to a temporary file (a run); at the end the runs are merged
 * and the store writes the readings in key order, each series' readings of the whole file together.
 *
 * Why: readings are keyed (metric, target, ts), and a file runs in time order over many series (4,000
 * GPUs × 5 metrics). Written buffer by buffer, every buffer appends a few readings to every series' last
 * B-tree page, and every commit writes all those pages again; merged first, each page is written about
 * once. Memory stays bounded (one buffer, one block per run); the disk holds 24 bytes per reading meanwhile.
 */

const BYTES_PER_READING = 24;
/** What the merge may hold of all runs together, read block by block. */
const MERGE_MEMORY_BYTES = 24 * 1024 * 1024;
const MIN_BLOCK_READINGS = 256;
const MAX_BLOCK_READINGS = 16 * 1024;
const SERIES_KEY_FACTOR = 2 ** 32;

/** Readings in four parallel arrays: metric by database id, target by the parser's local index. */
export interface ReadingArrays {
  readonly metric: Int32Array;
  readonly target: Int32Array;
  readonly ts: Float64Array;
  readonly value: Float64Array;
}

interface Run {
  readonly file: string;
  readonly n: number;
}

function ioFailure(what: string, error: unknown): FloorwalkError {
  const code = (error as NodeJS.ErrnoException).code;
  const why = code === 'ENOSPC' ? 'the disk is full' : (error as Error).message;
  return new FloorwalkError('io_error', `Cannot ${what} the import's sorted readings in ${os.tmpdir()}: ${why}. Nothing was written.`);
}

function bytesOf(array: Int32Array | Float64Array, count: number): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, count * array.BYTES_PER_ELEMENT);
}

export class SortedRuns {
  private dir: string | null = null;
  private readonly runs: Run[] = [];

  get count(): number {
    return this.runs.length;
  }

  /** Writes `n` readings of `source` in the given order as one run. `scratch` receives the permuted arrays. */
  spill(source: ReadingArrays, order: Int32Array, n: number, scratch: ReadingArrays): void {
    for (let i = 0; i < n; i++) {
      const k = order[i] as number;
      scratch.metric[i] = source.metric[k] as number;
      scratch.target[i] = source.target[k] as number;
      scratch.ts[i] = source.ts[k] as number;
      scratch.value[i] = source.value[k] as number;
    }
    try {
      this.dir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'floorwalk-telemetry-runs-'));
      const file = path.join(this.dir, `run-${this.runs.length}.bin`);
      const fd = fs.openSync(file, 'w');
      try {
        for (const array of [scratch.metric, scratch.target, scratch.ts, scratch.value]) fs.writeSync(fd, bytesOf(array, n));
      } finally {
        fs.closeSync(fd);
      }
      this.runs.push({ file, n });
    } catch (error) {
      throw ioFailure('write', error);
    }
  }

  merger(): RunMerger {
    return new RunMerger(this.runs);
  }

  /** Deletes the temporary files (after the import, whatever its outcome). */
  dispose(): void {
    if (this.dir) fs.rmSync(this.dir, { recursive: true, force: true });
    this.dir = null;
    this.runs.length = 0;
  }
}

/** One run being read: a block of it in memory, the rest on disk. */
class RunReader {
  readonly metric: Int32Array;
  readonly target: Int32Array;
  readonly ts: Float64Array;
  readonly value: Float64Array;
  pos = 0;
  len = 0;
  private read = 0;
  private readonly fd: number;

  constructor(
    private readonly run: Run,
    block: number,
  ) {
    this.metric = new Int32Array(block);
    this.target = new Int32Array(block);
    this.ts = new Float64Array(block);
    this.value = new Float64Array(block);
    try {
      this.fd = fs.openSync(run.file, 'r');
    } catch (error) {
      throw ioFailure('read', error);
    }
    this.refill();
  }

  /** The (metric, target) key of the current reading; call only while `len > pos`. */
  key(): number {
    return (this.metric[this.pos] as number) * SERIES_KEY_FACTOR + (this.target[this.pos] as number);
  }

  /** Loads the next block; false at the end of the run. */
  refill(): boolean {
    const n = this.run.n;
    const count = Math.min(this.metric.length, n - this.read);
    this.pos = 0;
    this.len = count;
    if (count <= 0) return false;
    const sections: Array<[Int32Array | Float64Array, number]> = [
      [this.metric, 0],
      [this.target, 4 * n],
      [this.ts, 8 * n],
      [this.value, 16 * n],
    ];
    try {
      for (const [array, offset] of sections) {
        const size = array.BYTES_PER_ELEMENT;
        fs.readSync(this.fd, bytesOf(array, count), 0, count * size, offset + this.read * size);
      }
    } catch (error) {
      throw ioFailure('read', error);
    }
    this.read += count;
    return true;
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}

/**
 * Merges the runs in (metric, target) order; among runs at the same key, the earlier run (earlier in the
 * file) first, so the file order within a series survives the sort — the first of two equal readings wins.
 */
export class RunMerger {
  private readonly readers: RunReader[];
  /** A binary heap of reader indices by (key, run index). */
  private readonly heap: number[] = [];

  constructor(runs: readonly Run[]) {
    const block = Math.max(MIN_BLOCK_READINGS, Math.min(MAX_BLOCK_READINGS, Math.floor(MERGE_MEMORY_BYTES / BYTES_PER_READING / Math.max(1, runs.length))));
    this.readers = runs.map((run) => new RunReader(run, block));
    for (let i = 0; i < this.readers.length; i++) if ((this.readers[i] as RunReader).len > 0) this.push(i);
  }

  get done(): boolean {
    return this.heap.length === 0;
  }

  /** Fills `into` with up to `max` readings in key order; returns how many. */
  next(into: ReadingArrays, max: number): number {
    let count = 0;
    while (count < max && this.heap.length > 0) {
      const r = this.heap[0] as number;
      const reader = this.readers[r] as RunReader;
      const key = reader.key();
      let exhausted = false;
      while (count < max) {
        const p = reader.pos;
        into.metric[count] = reader.metric[p] as number;
        into.target[count] = reader.target[p] as number;
        into.ts[count] = reader.ts[p] as number;
        into.value[count] = reader.value[p] as number;
        count++;
        reader.pos = p + 1;
        if (reader.pos >= reader.len && !reader.refill()) {
          exhausted = true;
          break;
        }
        if (reader.key() !== key) break;
      }
      if (exhausted) {
        this.popTop();
        reader.close();
      } else {
        this.siftDown(0);
      }
    }
    return count;
  }

  close(): void {
    for (const r of this.heap) (this.readers[r] as RunReader).close();
    this.heap.length = 0;
  }

  private less(a: number, b: number): boolean {
    const ka = (this.readers[a] as RunReader).key();
    const kb = (this.readers[b] as RunReader).key();
    return ka < kb || (ka === kb && a < b);
  }

  private push(r: number): void {
    const heap = this.heap;
    heap.push(r);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(heap[i] as number, heap[parent] as number)) break;
      [heap[i], heap[parent]] = [heap[parent] as number, heap[i] as number];
      i = parent;
    }
  }

  private popTop(): void {
    const heap = this.heap;
    const last = heap.pop() as number;
    if (heap.length === 0) return;
    heap[0] = last;
    this.siftDown(0);
  }

  private siftDown(start: number): void {
    const heap = this.heap;
    let i = start;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let best = i;
      if (left < heap.length && this.less(heap[left] as number, heap[best] as number)) best = left;
      if (right < heap.length && this.less(heap[right] as number, heap[best] as number)) best = right;
      if (best === i) return;
      [heap[i], heap[best]] = [heap[best] as number, heap[i] as number];
      i = best;
    }
  }
}
