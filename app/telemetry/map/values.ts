import type { MetricDef } from './metrics';

/**
 * Cell values as monitoring tools print them: numbers with units ("631.95 W"), decimal commas ("23,5"),
 * hex bitmasks, words for states ("Active", "Yes", "Leak"), and the many ways of saying "no value"
 * (placeholders and sentinels), which are skipped and counted rather than treated as errors. Pure.
 */

/** Tokens that mean "no reading here" (compared case-insensitively, after trimming). */
const PLACEHOLDERS = new Set(
  [
    '',
    'n/a',
    'na',
    'n.a.',
    '#n/a',
    '#value!',
    '-',
    '--',
    '---',
    '?',
    'null',
    'none',
    'nan',
    'inf',
    '+inf',
    '-inf',
    'infinity',
    'not supported',
    'unknown',
    'no data',
    'sensor fault',
    'fault',
    'sensor error',
    'error',
    'comm lost',
    'comm fail',
    'communication lost',
    'offline',
    'disconnected',
    'not present',
    'not installed',
    'unavailable',
    'invalid',
    'open',
    'short',
  ].map((t) => t.toLowerCase()),
);

/**
 * The reason a cell holds no reading, or null when it may hold one. nvidia-smi's bracketed messages
 * (`[N/A]`, `[Not Supported]`, `[Unknown Error]`, `[Insufficient Permissions]`,
 * `[Requested functionality has been deprecated]`, `[GPU is lost]`) are all placeholders.
 */
export function placeholderReason(text: string): string | null {
  const trimmed = text.trim();
  if (trimmed.length === 0) return 'empty cell';
  const first = trimmed.charCodeAt(0);
  // Fast exit: a digit, or a sign or dot followed by a digit, starts a number, which is never a placeholder.
  const second = trimmed.length > 1 ? trimmed.charCodeAt(1) : 0;
  if ((first >= 48 && first <= 57) || ((first === 46 || first === 43 || first === 45) && second >= 48 && second <= 57) || ((first === 43 || first === 45) && second === 46)) {
    return null;
  }
  if (first === 91 && trimmed.charCodeAt(trimmed.length - 1) === 93) return trimmed;
  const lower = trimmed.toLowerCase();
  if (PLACEHOLDERS.has(lower)) return trimmed === '' ? 'empty cell' : trimmed;
  return null;
}

export interface NumberOut {
  value: number;
  /** Text after the number ("W", "%", "MiB"), trimmed; empty when none. */
  unit: string;
}

const HEX = /^[-+]?0x[0-9a-f]+$/i;
const PLAIN = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const NUMBER_THEN_UNIT = /^([-+]?(?:\d[\d.,' ]*\d|\d)(?:[eE][-+]?\d+)?)\s*([^\d\s].*)?$/;
const DECIMAL_COMMA_FRACTION = /^[-+]?\d+,\d+$/;

/**
 * Reads a number that may carry a unit and thousands separators. With decimalComma (a `;`-delimited export
 * from a comma-decimal locale) "1.234,5" is 1234.5; without, "1,234.5" is 1234.5 and "23,5" is refused
 * as ambiguous. Returns false when the text is not a number.
 */
export function parseNumberText(raw: string, decimalComma: boolean, out: NumberOut): boolean {
  const text = raw.trim();
  if (PLAIN.test(text)) {
    out.value = Number(text);
    out.unit = '';
    return Number.isFinite(out.value);
  }
  if (HEX.test(text)) {
    const negative = text.startsWith('-');
    const digits = text.replace(/^[-+]?0x/i, '');
    const value = digits.length <= 13 ? parseInt(digits, 16) : Number(BigInt(`0x${digits}`));
    out.value = negative ? -value : value;
    out.unit = '';
    return true;
  }
  const match = NUMBER_THEN_UNIT.exec(text);
  if (!match) return false;
  const numberText = match[1] ?? '';
  const number = normaliseSeparators(numberText, decimalComma);
  if (number === null) return false;
  out.value = Number(number);
  out.unit = (match[2] ?? '').trim();
  return Number.isFinite(out.value);
}

/** Grouped digits with the other mark as the decimal: "152,384.7" (US) or "152.384,7" (European). */
const US_GROUPED = /^[-+]?\d{1,3}(,\d{3})+\.\d+$/;
const EU_GROUPED = /^[-+]?\d{1,3}(\.\d{3})+,\d+$/;

function normaliseSeparators(text: string, decimalComma: boolean): string | null {
  let t = text.replace(/[' ]/g, '');
  // A value carrying both marks says which is the decimal whatever the file's delimiter: a ";" file
  // written by a US tool ("152,384.7") is not 152.3847.
  if (US_GROUPED.test(t)) return t.replace(/,/g, '');
  if (EU_GROUPED.test(t)) return t.replace(/\./g, '').replace(',', '.');
  if (t.includes(',') && t.includes('.')) return null;
  if (decimalComma) {
    if (t.includes(',')) t = t.replace(/\./g, '').replace(',', '.');
    else if (/^\d{1,3}(\.\d{3})+$/.test(t.replace(/^[-+]/, ''))) t = t.replace(/\./g, '');
  } else if (t.includes(',')) {
    if (DECIMAL_COMMA_FRACTION.test(t) && !/^[-+]?\d{1,3},\d{3}$/.test(t)) return null;
    t = t.replace(/,/g, '');
  }
  return PLAIN.test(t) ? t : null;
}

const TRUE_WORDS = new Set(['active', 'yes', 'true', 'on', 'enabled', 'y', 'leak', 'detected', 'leak detected', 'warning', 'critical', 'alarm', 'wet']);
const FALSE_WORDS = new Set(['not active', 'no', 'false', 'off', 'disabled', 'n', 'ok', 'normal', 'dry', 'no leak', 'clear', 'inactive']);

/** 1 or 0 for a state word (nvidia-smi Active/Not Active, Yes/No; leak OK/Leak; Redfish OK/Warning/Critical), NaN otherwise. */
export function parseFlagText(raw: string): number {
  const lower = raw.trim().toLowerCase();
  if (TRUE_WORDS.has(lower)) return 1;
  if (FALSE_WORDS.has(lower)) return 0;
  return Number.NaN;
}

/** nvidia-smi performance state: "P0" → 0. */
export function parsePstateText(raw: string): number {
  const match = /^P(\d{1,2})$/i.exec(raw.trim());
  return match ? Number(match[1]) : Number.NaN;
}

/** DCGM's blank values (dcgm_structs.h): int64 0x7ffffffffffffff0 + 0..15, int32 0x7ffffff0 + 0..15, fp64 2^47 + 0..15. */
const DCGM_INT32_BLANK = 0x7ffffff0;
const DCGM_FP64_BLANK = 140737488355328;
const DCGM_INT64_BLANK_MIN = 9.2e18;
const DCGM_BLANK_SPAN = 16;

/** Register values Modbus gateways report for a missing or failed point (signed 16-bit extremes, scaled). */
const MODBUS_SENTINELS = new Set([-32768, -3276.8, -327.68, -32.768, 32767, 3276.7, 327.67, 65535, 6553.5, -32767, -3276.7, -9999, 9999, -999.9]);

/**
 * Names a sentinel: DCGM blanks always are; a Modbus-style value is one only where it is implausible for
 * the metric (−3276.8 °C is a missing sensor; 3276.7 W may be a real rack reading).
 */
export function sentinelReason(value: number, metric: MetricDef): string | null {
  if (value >= DCGM_INT64_BLANK_MIN) return 'DCGM blank (not supported)';
  if (value >= DCGM_FP64_BLANK && value < DCGM_FP64_BLANK + DCGM_BLANK_SPAN) return 'DCGM blank (not supported)';
  if (value >= DCGM_INT32_BLANK && value < DCGM_INT32_BLANK + DCGM_BLANK_SPAN && metric.max < DCGM_INT32_BLANK) return 'DCGM blank (not supported)';
  if (MODBUS_SENTINELS.has(value) && (value < metric.min || value > metric.max)) return `sentinel ${value}`;
  return null;
}
