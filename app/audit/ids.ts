import crypto from 'node:crypto';

/** Crockford base32: no I, L, O, U, so an id read aloud or retyped from a printout stays unambiguous. */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const TIME_CHARS = 10;
const RANDOM_CHARS = 16;
export const ULID_LENGTH = TIME_CHARS + RANDOM_CHARS;
const ULID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;

let lastTimeMs = -1;
let lastRandom: number[] = [];

/**
 * A ULID: 48 bits of milliseconds then 80 random bits, 26 characters. Two laptops never produce the same
 * id, and ids sort by time. Within one millisecond the random part is incremented (the ULID "monotonic"
 * rule), so scans made in a burst by a barcode scanner keep their order.
 */
export function ulid(nowMs: number = Date.now()): string {
  let random: number[];
  if (nowMs === lastTimeMs) {
    random = increment(lastRandom);
  } else {
    const bytes = crypto.randomBytes(RANDOM_CHARS);
    random = Array.from(bytes, (b) => b % 32);
  }
  lastTimeMs = nowMs;
  lastRandom = random;
  let time = '';
  let t = nowMs;
  for (let i = 0; i < TIME_CHARS; i++) {
    time = CROCKFORD[t % 32] + time;
    t = Math.floor(t / 32);
  }
  return time + random.map((d) => CROCKFORD[d]).join('');
}

function increment(digits: readonly number[]): number[] {
  const next = [...digits];
  for (let i = next.length - 1; i >= 0; i--) {
    const d = (next[i] ?? 0) + 1;
    if (d < 32) {
      next[i] = d;
      return next;
    }
    next[i] = 0;
  }
  // 2^80 ids in one millisecond: impossible in practice; start a fresh random part.
  return Array.from(crypto.randomBytes(RANDOM_CHARS), (b) => b % 32);
}

export function isUlid(text: string): boolean {
  return ULID_PATTERN.test(text);
}
