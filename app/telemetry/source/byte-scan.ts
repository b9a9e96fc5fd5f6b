/**
 * Allocation-free reading of ASCII fields straight from file bytes, for the long format's hot path: a
 * number, an ISO-8601 / epoch timestamp, and an interner that maps a byte range to a small integer without
 * building a string (the string is decoded once, when a value is first seen). Pure.
 */

const ZERO = 48;
const NINE = 57;
const DOT = 46;
const MINUS = 45;
const PLUS = 43;
/** 10^k exact in binary64 up to k = 22; past 15 digits the integer is no longer exact, so text parsing takes over. */
const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16];
const MAX_FAST_DIGITS = 15;

/**
 * A plain decimal ("-12.50") from bytes, or NaN when the field is anything else (units, exponents,
 * placeholders, very long numbers), which the caller then reads as text. digits / 10^k is correctly
 * rounded, so the result equals Number(text).
 */
export function scanDecimal(buf: Uint8Array, start: number, end: number): number {
  let i = start;
  let negative = false;
  const first = buf[i];
  if (first === MINUS) {
    negative = true;
    i++;
  } else if (first === PLUS) {
    i++;
  }
  let mantissa = 0;
  let digits = 0;
  let fraction = 0;
  let seenDot = false;
  for (; i < end; i++) {
    const c = buf[i] as number;
    if (c >= ZERO && c <= NINE) {
      mantissa = mantissa * 10 + (c - ZERO);
      digits++;
      if (seenDot) fraction++;
    } else if (c === DOT && !seenDot) {
      seenDot = true;
    } else {
      return Number.NaN;
    }
  }
  if (digits === 0 || digits > MAX_FAST_DIGITS) return Number.NaN;
  const value = fraction === 0 ? mantissa : mantissa / (POW10[fraction] as number);
  return negative ? -value : value;
}

function two(buf: Uint8Array, i: number): number {
  const a = (buf[i] as number) - ZERO;
  const b = (buf[i + 1] as number) - ZERO;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

export interface ScannedTime {
  ms: number;
  naive: boolean;
}

/** Caches the start of the last day seen: consecutive rows nearly always share it. */
export class TimeScanner {
  private dayKey = -1;
  private dayMs = 0;

  /**
   * `YYYY-MM-DD[T ]HH:MM[:SS[.fff…]][Z|±HH:MM|±HHMM]` or epoch seconds/milliseconds. False for anything
   * else; the caller then parses the text.
   */
  scan(buf: Uint8Array, start: number, end: number, out: ScannedTime): boolean {
    const length = end - start;
    if (length >= 16 && buf[start + 4] === MINUS && buf[start + 7] === MINUS) return this.iso(buf, start, end, out);
    if (length === 10 || length === 13) {
      let value = 0;
      for (let i = start; i < end; i++) {
        const c = (buf[i] as number) - ZERO;
        if (c < 0 || c > 9) return false;
        value = value * 10 + c;
      }
      out.ms = length === 10 ? value * 1000 : value;
      out.naive = false;
      return true;
    }
    return false;
  }

  private iso(buf: Uint8Array, s: number, end: number, out: ScannedTime): boolean {
    const y1 = two(buf, s);
    const y2 = two(buf, s + 2);
    const month = two(buf, s + 5);
    const day = two(buf, s + 8);
    const sep = buf[s + 10];
    if (y1 < 0 || y2 < 0 || month < 1 || month > 12 || day < 1 || day > 31 || (sep !== 84 && sep !== 32)) return false;
    const hour = two(buf, s + 11);
    const minute = two(buf, s + 14);
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || buf[s + 13] !== 58) return false;
    let i = s + 16;
    let second = 0;
    let ms = 0;
    if (i < end && buf[i] === 58) {
      second = two(buf, i + 1);
      if (second < 0 || second > 59) return false;
      i += 3;
      if (i < end && (buf[i] === DOT || buf[i] === 44)) {
        i++;
        let scale = 100;
        while (i < end && (buf[i] as number) >= ZERO && (buf[i] as number) <= NINE) {
          ms += ((buf[i] as number) - ZERO) * scale;
          scale /= 10;
          i++;
        }
        ms = Math.floor(ms);
      }
    }
    let offsetMs = 0;
    let naive = true;
    if (i < end) {
      const c = buf[i];
      if (c === 90 && i + 1 === end) {
        naive = false;
      } else if ((c === PLUS || c === MINUS) && end - i >= 3) {
        const oh = two(buf, i + 1);
        let om = 0;
        let j = i + 3;
        if (j < end && buf[j] === 58) j++;
        if (j < end) {
          om = two(buf, j);
          j += 2;
        }
        if (oh < 0 || om < 0 || j !== end) return false;
        offsetMs = (c === MINUS ? -1 : 1) * (oh * 60 + om) * 60_000;
        naive = false;
      } else {
        return false;
      }
    }
    const year = y1 * 100 + y2;
    const key = (year * 16 + month) * 32 + day;
    if (key !== this.dayKey) {
      const start = Date.UTC(year, month - 1, day);
      // Date.UTC rolls 31 June over to 1 July; refuse instead.
      if (new Date(start).getUTCDate() !== day) return false;
      this.dayKey = key;
      this.dayMs = start;
    }
    out.ms = this.dayMs + ((hour * 60 + minute) * 60 + second) * 1000 + ms - offsetMs;
    out.naive = naive;
    return true;
  }
}

interface InternEntry {
  readonly bytes: Uint8Array;
  readonly id: number;
}

/** Byte ranges → ids. FNV-1a over the bytes, a map from hash to entries, and a one-entry cache for runs. */
export class ByteInterner {
  private readonly entries = new Map<number, InternEntry | InternEntry[]>();
  private last: InternEntry | null = null;

  get(buf: Uint8Array, start: number, end: number): number {
    const last = this.last;
    if (last !== null && equals(last.bytes, buf, start, end)) return last.id;
    const found = this.entries.get(hash(buf, start, end));
    if (found === undefined) return -1;
    if (Array.isArray(found)) {
      for (const entry of found) {
        if (equals(entry.bytes, buf, start, end)) {
          this.last = entry;
          return entry.id;
        }
      }
      return -1;
    }
    if (!equals(found.bytes, buf, start, end)) return -1;
    this.last = found;
    return found.id;
  }

  add(buf: Uint8Array, start: number, end: number, id: number): void {
    const entry: InternEntry = { bytes: buf.slice(start, end), id };
    const key = hash(buf, start, end);
    const found = this.entries.get(key);
    if (found === undefined) this.entries.set(key, entry);
    else if (Array.isArray(found)) found.push(entry);
    else this.entries.set(key, [found, entry]);
    this.last = entry;
  }
}

function hash(buf: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ (buf[i] as number), 0x01000193);
  return h >>> 0;
}

function equals(bytes: Uint8Array, buf: Uint8Array, start: number, end: number): boolean {
  const length = end - start;
  if (bytes.length !== length) return false;
  for (let i = 0; i < length; i++) if (bytes[i] !== buf[start + i]) return false;
  return true;
}
