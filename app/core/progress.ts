/**
 * Progress for long work, reported as phases of steps with tick(). Events go out at most every
 * MIN_EVENT_INTERVAL_MS and never run backwards, so a UI bar or a CLI line can trust them.
 */
export const MIN_EVENT_INTERVAL_MS = 100;

export interface ProgressEvent {
  readonly phase: string;
  readonly done: number;
  readonly total: number;
  /** 0..1, monotonic across the whole job, not per phase. */
  readonly fraction: number;
}

export type ProgressSink = (event: ProgressEvent) => void;

export class Progress {
  private lastEmitMs = Number.NEGATIVE_INFINITY;
  private lastFraction = 0;

  constructor(
    private readonly sink: ProgressSink | undefined,
    private readonly nowMs: () => number = () => Date.now(),
  ) {}

  /** Starts a phase of `total` steps that covers [lastFraction, to] of the whole job. */
  phase(name: string, total: number, to = 1): PhaseTicker {
    return new PhaseTicker(this, name, total, this.lastFraction, Math.max(to, this.lastFraction));
  }

  /** @internal called by PhaseTicker. */
  report(phase: string, done: number, total: number, fraction: number, force: boolean): void {
    const now = this.nowMs();
    if (!force && now - this.lastEmitMs < MIN_EVENT_INTERVAL_MS) return;
    this.lastEmitMs = now;
    this.lastFraction = Math.max(this.lastFraction, Math.min(1, fraction));
    this.sink?.({ phase, done, total, fraction: this.lastFraction });
  }
}

export class PhaseTicker {
  private done = 0;

  constructor(
    private readonly progress: Progress,
    private readonly name: string,
    private readonly total: number,
    private readonly from: number,
    private readonly to: number,
  ) {}

  tick(steps = 1): void {
    this.done += steps;
    const share = this.total > 0 ? Math.min(1, this.done / this.total) : 0;
    this.progress.report(this.name, this.done, this.total, this.from + (this.to - this.from) * share, false);
  }

  finish(): void {
    this.progress.report(this.name, this.done, this.total, this.to, true);
  }
}
