/**
 * Timestamps as monitoring tools and spreadsheets write them, read into milliseconds. A time with a zone
 * (ISO `Z` or offset, epoch seconds/ms/µs/ns, `date` output saying UTC) is an instant; one without is a
 * wall-clock time (`naive`) that the importer places in the site's time zone. Pure.
 *
 * Day-first or month-first: `dd.mm.yyyy` is always day-first; for `a/b/yyyy` a file decides once, from a
 * sample (a first number above 12 means day-first, a second above 12 month-first); a sample that cannot
 * tell is month-first, as Excel in the US writes it, and the preview says so.
 */

export type DateOrder = 'mdy' | 'dmy';

export interface TimeOut {
  /** UTC ms when !naive, otherwise the wall time read as if it were UTC. */
  ms: number;
  naive: boolean;
}

const ISO =
  /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i;
const NUMERIC_DATE_FIRST =
  /^(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*([AaPp][Mm])?)?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?$/;
const EPOCH = /^\d{9,19}(\.\d+)?$/;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const WEEKDAYS = new Set(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);

const EPOCH_SECONDS_MAX_DIGITS = 11;
const EPOCH_MS_MAX_DIGITS = 14;
const EPOCH_US_MAX_DIGITS = 17;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function fractionMs(text: string | undefined): number {
  if (!text) return 0;
  return Math.floor(Number(`0.${text}`) * 1000 + 1e-6);
}

/** Zone abbreviations `date` prints that name one offset only, in minutes east of UTC. */
const ZONE_ABBREVIATIONS: Readonly<Record<string, number>> = {
  WET: 0, WEST: 60, CET: 60, CEST: 120, MET: 60, MEST: 120, EET: 120, EEST: 180, MSK: 180,
  EST: -300, EDT: -240, MST: -420, MDT: -360, PST: -480, PDT: -420, AKST: -540, AKDT: -480, HST: -600,
  JST: 540, KST: 540, HKT: 480, SGT: 480, AWST: 480, ACST: 570, ACDT: 630, AEST: 600, AEDT: 660, NZST: 720, NZDT: 780,
};

function zoneOffsetMs(zone: string | undefined): number | null {
  if (!zone) return null;
  const upper = zone.toUpperCase();
  if (upper === 'Z' || upper === 'UTC' || upper === 'GMT') return 0;
  const match = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (!match) return null;
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? '0');
  return (match[1] === '-' ? -1 : 1) * minutes * 60_000;
}

/** Builds the result; false when a field is out of range (a 13th month, 31 June, 25 o'clock). */
function build(out: TimeOut, y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number, offset: number | null): boolean {
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 24 || mi > 59 || s > 60) return false;
  if (h === 24 && (mi > 0 || s > 0 || ms > 0)) return false;
  const wall = Date.UTC(y, mo - 1, d, h, mi, Math.min(s, 59), ms);
  out.ms = offset === null ? wall : wall - offset;
  out.naive = offset === null;
  return true;
}

function hour12(hour: number, meridiem: string | undefined): number {
  if (!meridiem) return hour;
  const pm = meridiem.toLowerCase() === 'pm';
  if (hour === 12) return pm ? 12 : 0;
  return pm ? hour + 12 : hour;
}

/** Reads one timestamp; false when the text is not one Floorwalk knows. */
export function parseTimestampText(raw: string, order: DateOrder, out: TimeOut): boolean {
  const text = raw.trim();
  if (EPOCH.test(text)) return parseEpoch(text, out);
  let m = ISO.exec(text);
  if (m) {
    return build(out, Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0), fractionMs(m[7]), zoneOffsetMs(m[8]));
  }
  m = NUMERIC_DATE_FIRST.exec(text);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[3]);
    const dayFirst = m[2] === '.' || order === 'dmy';
    let year = Number(m[4]);
    if ((m[4] ?? '').length === 2) year += 2000;
    const hour = hour12(Number(m[5] ?? 0), m[9]);
    return build(out, year, dayFirst ? b : a, dayFirst ? a : b, hour, Number(m[6] ?? 0), Number(m[7] ?? 0), fractionMs(m[8]), zoneOffsetMs(m[10]));
  }
  return parseWordDate(text, out);
}

function parseEpoch(text: string, out: TimeOut): boolean {
  const digits = text.indexOf('.') >= 0 ? text.indexOf('.') : text.length;
  const value = Number(text);
  if (digits <= EPOCH_SECONDS_MAX_DIGITS) out.ms = Math.round(value * 1000);
  else if (digits <= EPOCH_MS_MAX_DIGITS) out.ms = Math.round(value);
  else if (digits <= EPOCH_US_MAX_DIGITS) out.ms = Math.floor(value / 1000);
  else out.ms = Math.floor(value / 1e6);
  out.naive = false;
  return Number.isFinite(out.ms);
}

/**
 * `date` output and its relatives: "Tue Jul 14 08:12:53 UTC 2026", "Tue 14 Jul 2026 08:12:53 AM CEST",
 * "Tue, 14 Jul 2026 08:12:53 +0000", "14-Jul-2026 08:12". An unambiguous zone abbreviation (CEST, EDT,
 * PDT, JST, …) gives its offset; an ambiguous one (IST, CST, BST) is read as the site's local time.
 */
function parseWordDate(text: string, out: TimeOut): boolean {
  const tokens = text.split(/[\s,]+|(?<=[A-Za-z])-(?=\d)|(?<=\d)-(?=[A-Za-z])/).filter((t) => t.length > 0);
  let year = -1;
  let month = -1;
  let day = -1;
  let time: RegExpExecArray | null = null;
  let meridiem: string | undefined;
  let offset: number | null = null;
  for (const token of tokens) {
    const lower = token.toLowerCase();
    const monthIndex = MONTHS.indexOf(lower.slice(0, 3));
    if (month < 0 && monthIndex >= 0 && /^[a-z]+\.?$/.test(lower) && !WEEKDAYS.has(lower.slice(0, 3))) {
      month = monthIndex + 1;
    } else if (WEEKDAYS.has(lower.slice(0, 3)) && /^[a-z]+$/.test(lower)) {
      continue;
    } else if (/^\d{4}$/.test(token) && year < 0) {
      year = Number(token);
    } else if (/^\d{1,2}$/.test(token) && day < 0) {
      day = Number(token);
    } else if (time === null && (time = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?$/.exec(token)) !== null) {
      continue;
    } else if (lower === 'am' || lower === 'pm') {
      meridiem = lower;
    } else if (/^(z|utc|gmt|[+-]\d{4}|[+-]\d{2}:\d{2})$/i.test(token)) {
      offset = zoneOffsetMs(token);
    } else if (/^[A-Z]{2,5}$/.test(token)) {
      const minutes = ZONE_ABBREVIATIONS[token];
      offset = minutes !== undefined ? minutes * 60_000 : null;
    } else {
      return false;
    }
  }
  if (year < 0 || month < 0 || day < 0) return false;
  const hour = time ? hour12(Number(time[1]), meridiem) : 0;
  return build(out, year, month, day, hour, time ? Number(time[2]) : 0, time ? Number(time[3] ?? 0) : 0, fractionMs(time?.[4]), offset);
}

/**
 * Day-first or month-first for `a/b/yyyy` values, from a sample. Null when the sample has no such value;
 * 'mdy' when it has some but none can tell.
 */
export function inferDateOrder(samples: readonly string[]): { order: DateOrder; certain: boolean } | null {
  let seen = false;
  for (const sample of samples) {
    const m = /^\s*(\d{1,2})([/-])(\d{1,2})\2\d{2,4}/.exec(sample);
    if (!m) continue;
    seen = true;
    if (Number(m[1]) > 12) return { order: 'dmy', certain: true };
    if (Number(m[3]) > 12) return { order: 'mdy', certain: true };
  }
  return seen ? { order: 'mdy', certain: false } : null;
}

/** True when a text is a timestamp on its own, as `date` prints between scrapes or pdsh runs. */
export function isTimestampLine(text: string): boolean {
  const trimmed = text.trim();
  if (trimmed.length < 8 || trimmed.length > 48 || EPOCH.test(trimmed)) return false;
  const out: TimeOut = { ms: 0, naive: false };
  return parseTimestampText(trimmed, 'mdy', out);
}
