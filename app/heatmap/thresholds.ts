import type { AshraeClass } from '../inventory/types';
import { ASHRAE_ENVELOPES, type Envelope } from './bands';
import { fahrenheitDeltaToKelvin, fahrenheitToCelsius, celsiusToFahrenheit, kelvinDeltaToFahrenheit, tidy, type TemperatureUnit } from './units';

/**
 * The thresholds behind the heatmap's findings, one set per room. Every value is stored in SI units
 * (°C for temperatures, K for differences); a room without a stored value uses the default below, which
 * for the inlet envelope follows the room's ASHRAE class.
 *
 * Sources (../shared/reference/telemetry-formats.md §4):
 * - inlet envelopes: ASHRAE TC 9.9, see bands.ts;
 * - GPU: Hopper (H100/H200) max operating 87 °C, slowdown 89 °C, shutdown 92 °C, HBM max 95 °C
 *   (nvidia-smi -q of an H800, driver 525); a GPU within 5 °C of slowdown is flagged (issue 6);
 *   `temperature.gpu.tlimit` is the margin to max operating and goes negative when the GPU throttles;
 * - CDU: see heat-balance.ts for the fluid properties; the ΔT limit and tolerance are site practice,
 *   set per room.
 */
export type ThresholdKind = 'temperature' | 'difference' | 'percent' | 'factor' | 'seconds';

export const THRESHOLD_KEYS = [
  'inletRecommendedMinC',
  'inletRecommendedMaxC',
  'inletAllowableMinC',
  'inletAllowableMaxC',
  'gpuMaxOperatingC',
  'gpuSlowdownC',
  'gpuShutdownC',
  'gpuSlowdownMarginK',
  'hbmMaxC',
  'cduDeltaTMaxK',
  'cduHeatBalanceTolerancePct',
  'cduLiquidCapturePct',
  'silentFactor',
  'stalenessS',
] as const;

export type ThresholdKey = (typeof THRESHOLD_KEYS)[number];
export type Thresholds = Readonly<Record<ThresholdKey, number>>;

export interface ThresholdDef {
  readonly key: ThresholdKey;
  readonly kind: ThresholdKind;
  readonly label: string;
  /** What the value means and where the default comes from, shown in the editor and the docs. */
  readonly doc: string;
  /** Accepted range, in SI units. */
  readonly min: number;
  readonly max: number;
}

/** H100/H200 (Hopper) limits, °C: max operating, slowdown, shutdown; HBM max (§4 of the reference). */
export const HOPPER_MAX_OPERATING_C = 87;
export const HOPPER_SLOWDOWN_C = 89;
export const HOPPER_SHUTDOWN_C = 92;
export const HOPPER_HBM_MAX_C = 95;
/** Issue 6: "GPUs within 5 °C of slowdown". */
export const GPU_SLOWDOWN_MARGIN_K = 5;
/**
 * Secondary-loop ΔT above which a CDU is flagged. Cold-plate loops are designed for about 10 K; 15 K
 * leaves room for load swings and still catches a starved loop (the same heat through less flow).
 */
export const CDU_DELTA_T_MAX_K = 15;
/** How far the heat the coolant carries may differ from the loop's rack power before it is a finding. */
export const CDU_HEAT_BALANCE_TOLERANCE_PCT = 20;
/** Share of the racks' electrical power carried by the liquid (100 %: all of it; cold plates alone ≈ 70–80 %). */
export const CDU_LIQUID_CAPTURE_PCT = 100;
/** A sensor is silent when its last reading is older than this many of its usual intervals. */
export const SILENT_FACTOR = 3;
/** A reading older than this no longer stands for "now" on the time slider. */
export const STALENESS_S = 900;

export const THRESHOLD_DEFS: readonly ThresholdDef[] = [
  { key: 'inletRecommendedMinC', kind: 'temperature', label: 'Inlet recommended min', doc: 'ASHRAE recommended lower end for the room class (18 °C).', min: -10, max: 60 },
  { key: 'inletRecommendedMaxC', kind: 'temperature', label: 'Inlet recommended max', doc: 'ASHRAE recommended upper end (27 °C for A1–A4, 22 °C for H1). A rack inlet above it is a finding.', min: -10, max: 60 },
  { key: 'inletAllowableMinC', kind: 'temperature', label: 'Inlet allowable min', doc: 'ASHRAE allowable lower end (A1 15, A2 10, A3/A4/H1 5 °C).', min: -10, max: 60 },
  { key: 'inletAllowableMaxC', kind: 'temperature', label: 'Inlet allowable max', doc: 'ASHRAE allowable upper end (A1 32, A2 35, A3 40, A4 45, H1 25 °C). Above it the finding is critical.', min: -10, max: 70 },
  { key: 'gpuMaxOperatingC', kind: 'temperature', label: 'GPU max operating', doc: 'H100/H200 max operating temperature, 87 °C. A GPU above it is critical.', min: 30, max: 130 },
  { key: 'gpuSlowdownC', kind: 'temperature', label: 'GPU slowdown', doc: 'H100/H200 slowdown temperature, 89 °C (shutdown 92 °C).', min: 30, max: 130 },
  { key: 'gpuShutdownC', kind: 'temperature', label: 'GPU shutdown', doc: 'H100/H200 shutdown temperature, 92 °C.', min: 30, max: 140 },
  { key: 'gpuSlowdownMarginK', kind: 'difference', label: 'GPU margin to slowdown', doc: 'A GPU this close to slowdown is flagged (5 K: 84 °C for Hopper).', min: 0, max: 40 },
  { key: 'hbmMaxC', kind: 'temperature', label: 'HBM max', doc: 'H100/H200 HBM maximum, 95 °C.', min: 30, max: 140 },
  { key: 'cduDeltaTMaxK', kind: 'difference', label: 'CDU ΔT max', doc: 'Secondary loop return − supply above which a CDU is flagged (15 K; loops are designed for ~10 K).', min: 0.5, max: 60 },
  { key: 'cduHeatBalanceTolerancePct', kind: 'percent', label: 'CDU heat balance tolerance', doc: 'How far heat carried by the coolant (ṁ·cp·ΔT) may differ from the loop racks’ power (20 %).', min: 1, max: 200 },
  { key: 'cduLiquidCapturePct', kind: 'percent', label: 'Liquid capture', doc: 'Share of the racks’ power the liquid is expected to carry (100 %; cold plates alone ≈ 70–80 %).', min: 1, max: 100 },
  { key: 'silentFactor', kind: 'factor', label: 'Silent after × interval', doc: 'A sensor is silent when it has not reported for this many of its usual intervals (3).', min: 1.1, max: 1000 },
  { key: 'stalenessS', kind: 'seconds', label: 'Staleness window', doc: 'On the time slider a reading stands for at most this long after it was taken (900 s).', min: 10, max: 7 * 86_400 },
];

export const THRESHOLD_DEF_BY_KEY: Readonly<Record<ThresholdKey, ThresholdDef>> = Object.fromEntries(THRESHOLD_DEFS.map((d) => [d.key, d])) as Record<
  ThresholdKey,
  ThresholdDef
>;

export function isThresholdKey(key: string): key is ThresholdKey {
  return (THRESHOLD_KEYS as readonly string[]).includes(key);
}

/** The defaults for a room of the given ASHRAE class. */
export function defaultThresholds(ashraeClass: AshraeClass): Thresholds {
  const e = ASHRAE_ENVELOPES[ashraeClass];
  return {
    inletRecommendedMinC: e.recommendedMinC,
    inletRecommendedMaxC: e.recommendedMaxC,
    inletAllowableMinC: e.allowableMinC,
    inletAllowableMaxC: e.allowableMaxC,
    gpuMaxOperatingC: HOPPER_MAX_OPERATING_C,
    gpuSlowdownC: HOPPER_SLOWDOWN_C,
    gpuShutdownC: HOPPER_SHUTDOWN_C,
    gpuSlowdownMarginK: GPU_SLOWDOWN_MARGIN_K,
    hbmMaxC: HOPPER_HBM_MAX_C,
    cduDeltaTMaxK: CDU_DELTA_T_MAX_K,
    cduHeatBalanceTolerancePct: CDU_HEAT_BALANCE_TOLERANCE_PCT,
    cduLiquidCapturePct: CDU_LIQUID_CAPTURE_PCT,
    silentFactor: SILENT_FACTOR,
    stalenessS: STALENESS_S,
  };
}

/** The inlet envelope a room's thresholds describe (what the colour scale and the legend are built on). */
export function envelopeOf(t: Thresholds): Envelope {
  return {
    recommendedMinC: t.inletRecommendedMinC,
    recommendedMaxC: t.inletRecommendedMaxC,
    allowableMinC: t.inletAllowableMinC,
    allowableMaxC: t.inletAllowableMaxC,
  };
}

/** A value typed in `unit` to the stored SI value: absolute temperatures with the offset, differences ×5/9. */
export function toStoredUnit(key: ThresholdKey, value: number, unit: TemperatureUnit): number {
  if (unit === 'C') return value;
  const kind = THRESHOLD_DEF_BY_KEY[key].kind;
  if (kind === 'temperature') return tidy(fahrenheitToCelsius(value));
  if (kind === 'difference') return tidy(fahrenheitDeltaToKelvin(value));
  return value;
}

/** A stored SI value in the unit the technician reads. */
export function fromStoredUnit(key: ThresholdKey, value: number, unit: TemperatureUnit): number {
  if (unit === 'C') return value;
  const kind = THRESHOLD_DEF_BY_KEY[key].kind;
  if (kind === 'temperature') return tidy(celsiusToFahrenheit(value));
  if (kind === 'difference') return tidy(kelvinDeltaToFahrenheit(value));
  return value;
}

/** Why a complete set of thresholds cannot stand, in a technician's words, with the key at fault; or null. */
export function thresholdsProblem(t: Thresholds): { key: ThresholdKey; message: string } | null {
  for (const def of THRESHOLD_DEFS) {
    const v = t[def.key];
    if (!Number.isFinite(v) || v < def.min || v > def.max) {
      return { key: def.key, message: `${def.label} must be between ${def.min} and ${def.max}${unitSuffix(def.kind)}, not ${v}.` };
    }
  }
  const order: Array<[ThresholdKey, ThresholdKey]> = [
    ['inletAllowableMinC', 'inletRecommendedMinC'],
    ['inletRecommendedMinC', 'inletRecommendedMaxC'],
    ['inletRecommendedMaxC', 'inletAllowableMaxC'],
    ['gpuMaxOperatingC', 'gpuSlowdownC'],
    ['gpuSlowdownC', 'gpuShutdownC'],
  ];
  for (const [low, high] of order) {
    const strict = low === 'inletRecommendedMinC';
    if (strict ? t[low] >= t[high] : t[low] > t[high]) {
      const a = THRESHOLD_DEF_BY_KEY[low];
      const b = THRESHOLD_DEF_BY_KEY[high];
      return { key: high, message: `${b.label} (${t[high]} °C) must be ${strict ? 'above' : 'at or above'} ${a.label.toLowerCase()} (${t[low]} °C).` };
    }
  }
  return null;
}

export function unitSuffix(kind: ThresholdKind): string {
  switch (kind) {
    case 'temperature':
      return ' °C';
    case 'difference':
      return ' K';
    case 'percent':
      return ' %';
    case 'seconds':
      return ' s';
    case 'factor':
      return '×';
  }
}
