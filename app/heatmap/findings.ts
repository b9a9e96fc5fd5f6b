import type { Thresholds } from './thresholds';
import type { Finding, FindingKind, LeakState, LoopState, RackState, Severity, SilentTarget } from './types';

/**
 * Thermal findings at one moment, from the racks', loops', leak sensors' and silent targets' state and
 * the room's thresholds. Pure: the same inputs give the same list, sorted worst first. One finding per
 * rack and kind (with the count of GPUs behind it), so a 5,000-rack hall gives a list a person can read.
 *
 * Rules (thresholds.ts documents the values):
 * - inlet above the recommended maximum (warning), above the allowable maximum (critical); the ends of
 *   the ranges are inside them (27.0 °C is recommended);
 * - a GPU above max operating (critical), else at or above slowdown − margin (warning); a negative
 *   gpu_tlimit_c (critical); HBM above its maximum (critical);
 * - thermal throttling (critical), power throttling (warning);
 * - a leak (critical);
 * - per CDU: flow below what carries the loop's rack power at the ΔT limit (critical); ΔT above the
 *   limit (warning); heat carried ṁ·cp·ΔT differing from the expected heat by more than the tolerance
 *   (warning);
 * - a target silent for longer than `silentFactor` × its usual interval (warning).
 */

export const FINDING_ORDER: readonly FindingKind[] = [
  'leak',
  'gpu_above_max_operating',
  'gpu_tlimit_negative',
  'gpu_throttle_thermal',
  'hbm_above_max',
  'inlet_above_allowable',
  'cdu_flow_low',
  'gpu_near_slowdown',
  'inlet_above_recommended',
  'gpu_throttle_power',
  'cdu_delta_t_high',
  'cdu_heat_balance',
  'sensor_silent',
];

export const FINDING_LABELS: Readonly<Record<FindingKind, string>> = {
  leak: 'Leak detected',
  gpu_above_max_operating: 'GPU above max operating',
  gpu_tlimit_negative: 'GPU past its thermal limit',
  gpu_throttle_thermal: 'GPU thermal throttling',
  hbm_above_max: 'HBM above maximum',
  inlet_above_allowable: 'Inlet above allowable',
  cdu_flow_low: 'CDU flow too low for its load',
  gpu_near_slowdown: 'GPU near slowdown',
  inlet_above_recommended: 'Inlet above recommended',
  gpu_throttle_power: 'GPU power throttling',
  cdu_delta_t_high: 'CDU ΔT high',
  cdu_heat_balance: 'CDU heat balance off',
  sensor_silent: 'Sensor silent',
};

const fmt = (value: number, digits = 1): string => value.toFixed(digits);

export interface FindingInputs {
  readonly racks: readonly RackState[];
  readonly loops: readonly LoopState[];
  readonly leaks: readonly LeakState[];
  readonly silent: readonly SilentTarget[];
}

export function evaluateFindings(input: FindingInputs, t: Thresholds): Finding[] {
  const out: Finding[] = [];
  const add = (f: Omit<Finding, 'cduId' | 'count'> & { cduId?: number | null; count?: number }): void => {
    out.push({ ...f, cduId: f.cduId ?? null, count: f.count ?? 1 });
  };

  for (const r of input.racks) {
    const rack = { rackId: r.rackId, rack: r.name };
    if (r.inletC !== null) {
      if (r.inletC > t.inletAllowableMaxC) {
        add({ kind: 'inlet_above_allowable', severity: 'critical', ...rack, target: r.name, value: r.inletC, threshold: t.inletAllowableMaxC, unit: '°C', message: `Inlet ${fmt(r.inletC)} °C is above the allowable ${fmt(t.inletAllowableMaxC)} °C.` });
      } else if (r.inletC > t.inletRecommendedMaxC) {
        add({ kind: 'inlet_above_recommended', severity: 'warning', ...rack, target: r.name, value: r.inletC, threshold: t.inletRecommendedMaxC, unit: '°C', message: `Inlet ${fmt(r.inletC)} °C is above the recommended ${fmt(t.inletRecommendedMaxC)} °C.` });
      }
    }
    if (r.hottestGpuC !== null) {
      const gpu = r.hottestGpu ?? r.name;
      const warnAt = t.gpuSlowdownC - t.gpuSlowdownMarginK;
      if (r.hottestGpuC > t.gpuMaxOperatingC) {
        add({ kind: 'gpu_above_max_operating', severity: 'critical', ...rack, target: gpu, value: r.hottestGpuC, threshold: t.gpuMaxOperatingC, unit: '°C', count: Math.max(1, r.gpusAboveMaxOperating), message: `${plural(r.gpusAboveMaxOperating, 'GPU')} above max operating ${fmt(t.gpuMaxOperatingC, 0)} °C; hottest ${gpu} at ${fmt(r.hottestGpuC)} °C.` });
      } else if (r.hottestGpuC >= warnAt) {
        add({ kind: 'gpu_near_slowdown', severity: 'warning', ...rack, target: gpu, value: r.hottestGpuC, threshold: warnAt, unit: '°C', count: Math.max(1, r.gpusNearSlowdown), message: `${plural(r.gpusNearSlowdown, 'GPU')} within ${fmt(t.gpuSlowdownMarginK, 0)} °C of slowdown (${fmt(t.gpuSlowdownC, 0)} °C); hottest ${gpu} at ${fmt(r.hottestGpuC)} °C.` });
      }
    }
    if (r.minTlimitC !== null && r.minTlimitC < 0) {
      const gpu = r.minTlimitGpu ?? r.name;
      add({ kind: 'gpu_tlimit_negative', severity: 'critical', ...rack, target: gpu, value: r.minTlimitC, threshold: 0, unit: '°C', count: Math.max(1, r.gpusTlimitNegative), message: `${plural(r.gpusTlimitNegative, 'GPU')} past the thermal limit; ${gpu} at T.Limit ${fmt(r.minTlimitC)} °C.` });
    }
    if (r.hottestHbmC !== null && r.hottestHbmC > t.hbmMaxC) {
      add({ kind: 'hbm_above_max', severity: 'critical', ...rack, target: r.name, value: r.hottestHbmC, threshold: t.hbmMaxC, unit: '°C', message: `HBM at ${fmt(r.hottestHbmC)} °C, above ${fmt(t.hbmMaxC, 0)} °C.` });
    }
    if (r.gpusThrottleThermal > 0) {
      add({ kind: 'gpu_throttle_thermal', severity: 'critical', ...rack, target: r.name, value: r.gpusThrottleThermal, threshold: 0, unit: 'GPUs', count: r.gpusThrottleThermal, message: `${plural(r.gpusThrottleThermal, 'GPU')} throttling for heat.` });
    }
    if (r.gpusThrottlePower > 0) {
      add({ kind: 'gpu_throttle_power', severity: 'warning', ...rack, target: r.name, value: r.gpusThrottlePower, threshold: 0, unit: 'GPUs', count: r.gpusThrottlePower, message: `${plural(r.gpusThrottlePower, 'GPU')} capped by power.` });
    }
  }

  for (const leak of input.leaks) {
    add({ kind: 'leak', severity: 'critical', rackId: leak.rackId, rack: leak.rack, target: leak.target, value: 1, threshold: 0, unit: '', cduId: leak.cduId, message: `${leak.target} reports a leak${leak.rack ? ` at rack ${leak.rack}` : ''}.` });
  }

  for (const loop of input.loops) {
    const base = { rackId: null, rack: null, target: loop.cdu, cduId: loop.cduId };
    if (loop.flowLpm !== null && loop.requiredFlowLpm !== null && loop.flowLpm < loop.requiredFlowLpm) {
      add({ ...base, kind: 'cdu_flow_low', severity: 'critical', value: loop.flowLpm, threshold: loop.requiredFlowLpm, unit: 'L/min', message: `${loop.cdu} moves ${fmt(loop.flowLpm, 0)} L/min; carrying ${fmt(loop.expectedHeatKw ?? loop.heatRemovedKw ?? 0, 0)} kW at ≤ ${fmt(t.cduDeltaTMaxK, 0)} K needs ${fmt(loop.requiredFlowLpm, 0)} L/min.` });
    }
    if (loop.deltaTK !== null && loop.deltaTK > t.cduDeltaTMaxK) {
      add({ ...base, kind: 'cdu_delta_t_high', severity: 'warning', value: loop.deltaTK, threshold: t.cduDeltaTMaxK, unit: 'K', message: `${loop.cdu} return − supply is ${fmt(loop.deltaTK)} K, above ${fmt(t.cduDeltaTMaxK)} K.` });
    }
    if (loop.heatCarriedKw !== null && loop.expectedHeatKw !== null && loop.expectedHeatKw > 0) {
      const off = Math.abs(loop.heatCarriedKw - loop.expectedHeatKw) / loop.expectedHeatKw;
      if (off * 100 > t.cduHeatBalanceTolerancePct) {
        add({ ...base, kind: 'cdu_heat_balance', severity: 'warning', value: loop.heatCarriedKw, threshold: loop.expectedHeatKw, unit: 'kW', message: `${loop.cdu} coolant carries ${fmt(loop.heatCarriedKw, 0)} kW (flow × ΔT) but its ${plural(loop.racksWithPower, 'rack')} draw ${fmt(loop.expectedHeatKw, 0)} kW to remove (${Math.round(off * 100)} % apart).` });
      }
    }
  }

  for (const s of input.silent) {
    const silentS = s.silentMs / 1000;
    const limitS = (t.silentFactor * s.intervalMs) / 1000;
    add({ kind: 'sensor_silent', severity: 'warning', rackId: s.rackId, rack: s.rack, target: s.target, value: Math.round(silentS), threshold: Math.round(limitS), unit: 's', message: `${s.target} has been silent for ${duration(silentS)} (it usually reports every ${duration(s.intervalMs / 1000)}).` });
  }

  return sortFindings(out);
}

export function sortFindings(findings: Finding[]): Finding[] {
  const rank = new Map(FINDING_ORDER.map((k, i) => [k, i]));
  const severityRank: Record<Severity, number> = { critical: 0, warning: 1 };
  return findings.sort(
    (a, b) =>
      severityRank[a.severity] - severityRank[b.severity] ||
      (rank.get(a.kind) ?? 99) - (rank.get(b.kind) ?? 99) ||
      Math.abs(b.value - b.threshold) - Math.abs(a.value - a.threshold) ||
      a.target.localeCompare(b.target),
  );
}

/** Silent: no reading for more than factor × the usual interval before the room's "now". */
export function isSilent(lastMs: number, intervalMs: number, nowMs: number, factor: number): boolean {
  return intervalMs > 0 && nowMs - lastMs > factor * intervalMs;
}

function plural(n: number, word: string): string {
  const count = Math.max(1, n);
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

export function duration(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86_400).toFixed(1)} d`;
}
