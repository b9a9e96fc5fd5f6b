/**
 * Wall-clock (naive) times → UTC in an IANA time zone, fast enough for millions of rows: offsets come from
 * Intl once per 15-minute slot of wall time and are cached (every zone in use today changes its offset on a
 * quarter hour).
 *
 * The repeated hour when clocks go back (e.g. 01:00–01:59 twice in New York in November) is resolved per
 * target, deterministically, from that target's previous reading in the file:
 *   - with no previous reading, the first occurrence (daylight time);
 *   - in a file running oldest-first (as seen so far for that target), the earliest candidate after the
 *     previous reading; newest-first (an APC data.txt), the latest candidate before it;
 *   - when neither candidate continues that direction, the one nearest the previous reading.
 * So a log that runs 01:40, 01:50, 01:00, 01:10 reads the second 01:00 as standard time, and a
 * newest-first export resolves the mirror way.
 * A wall time inside the skipped hour (clocks go forward) does not exist; it is read with the offset in
 * force before the change (02:30 → 03:30 daylight time), as most tools do, and counted.
 */

const SLOT_MS = 15 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

const SINGLE = 0;
const AMBIGUOUS = 1;
const GAP = 2;

interface Slot {
  readonly kind: number;
  /** Offset (local − UTC, ms) of the earlier instant; the only one unless AMBIGUOUS. */
  readonly early: number;
  /** Offset of the later instant when AMBIGUOUS. */
  readonly late: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** True when the runtime knows the IANA zone name. */
export function isValidTimeZone(zone: string): boolean {
  try {
    formatterFor(zone);
    return true;
  } catch {
    return false;
  }
}

export interface ResolveStats {
  ambiguous: number;
  nonexistent: number;
}

export class ZoneClock {
  private readonly formatter: Intl.DateTimeFormat;
  private readonly slots = new Map<number, Slot>();
  private lastSlotKey = Number.NaN;
  private lastSlot: Slot = { kind: SINGLE, early: 0, late: 0 };

  constructor(readonly zone: string) {
    this.formatter = formatterFor(zone);
  }

  /** local − UTC at the instant utcMs, in ms. */
  offsetAt(utcMs: number): number {
    let year = 0;
    let month = 0;
    let day = 0;
    let hour = 0;
    let minute = 0;
    let second = 0;
    for (const part of this.formatter.formatToParts(new Date(utcMs))) {
      switch (part.type) {
        case 'year':
          year = Number(part.value);
          break;
        case 'month':
          month = Number(part.value);
          break;
        case 'day':
          day = Number(part.value);
          break;
        case 'hour':
          hour = Number(part.value);
          break;
        case 'minute':
          minute = Number(part.value);
          break;
        case 'second':
          second = Number(part.value);
          break;
        default:
          break;
      }
    }
    const wall = Date.UTC(year, month - 1, day, hour, minute, second);
    return wall - (utcMs - (((utcMs % 1000) + 1000) % 1000));
  }

  private slotFor(wallMs: number): Slot {
    const key = Math.floor(wallMs / SLOT_MS);
    if (key === this.lastSlotKey) return this.lastSlot;
    let slot = this.slots.get(key);
    if (!slot) {
      slot = this.classify(key * SLOT_MS);
      this.slots.set(key, slot);
    }
    this.lastSlotKey = key;
    this.lastSlot = slot;
    return slot;
  }

  private classify(wallMs: number): Slot {
    const before = this.offsetAt(wallMs - DAY_MS);
    const after = this.offsetAt(wallMs + DAY_MS);
    const valid: number[] = [];
    for (const offset of before === after ? [before] : [before, after]) {
      if (this.offsetAt(wallMs - offset) === offset) valid.push(offset);
    }
    if (valid.length === 0) {
      const mid = this.offsetAt(wallMs - before);
      return { kind: GAP, early: before === mid ? after : before, late: 0 };
    }
    if (valid.length === 1) return { kind: SINGLE, early: valid[0] as number, late: 0 };
    const a = valid[0] as number;
    const b = valid[1] as number;
    // The larger offset gives the earlier instant.
    return { kind: AMBIGUOUS, early: Math.max(a, b), late: Math.min(a, b) };
  }

  /**
   * UTC of a wall time. `previousUtc` is the same target's previous reading (NaN if none) and
   * `descending` whether its readings run newest-first; both only matter in the repeated hour.
   */
  toUtc(wallMs: number, previousUtc: number, descending: boolean, stats: ResolveStats): number {
    const slot = this.slotFor(wallMs);
    if (slot.kind === SINGLE) return wallMs - slot.early;
    if (slot.kind === GAP) {
      stats.nonexistent++;
      return wallMs - slot.early;
    }
    stats.ambiguous++;
    const early = wallMs - slot.early;
    const late = wallMs - slot.late;
    if (Number.isNaN(previousUtc)) return early;
    if (!descending) {
      if (early > previousUtc) return early;
      if (late > previousUtc) return late;
    } else {
      if (late < previousUtc) return late;
      if (early < previousUtc) return early;
    }
    // Neither continues the direction seen so far: the one nearest the previous reading.
    return Math.abs(late - previousUtc) < Math.abs(early - previousUtc) ? late : early;
  }
}

const clocks = new Map<string, ZoneClock>();

/** One shared clock per zone, so the offset cache survives from file to file. */
export function zoneClock(zone: string): ZoneClock {
  let clock = clocks.get(zone);
  if (!clock) {
    clock = new ZoneClock(zone);
    clocks.set(zone, clock);
  }
  return clock;
}
