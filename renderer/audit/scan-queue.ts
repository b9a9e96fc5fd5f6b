/**
 * Scans in the order they were made. A barcode scanner can send the next code before the core has
 * answered the previous one; each scan waits for the one before it, so the rack switch that a rack label
 * makes is in place before the items scanned after it are classified.
 */
export class ScanQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private waiting = 0;

  get pending(): number {
    return this.waiting;
  }

  push<T>(work: () => Promise<T>): Promise<T> {
    this.waiting++;
    const run = this.tail.then(work, work);
    this.tail = run.then(
      () => {
        this.waiting--;
      },
      () => {
        this.waiting--;
      },
    );
    return run;
  }
}
