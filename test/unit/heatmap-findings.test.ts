import { describe, expect, it } from 'vitest';
import { evaluateFindings } from '../../app/heatmap/findings';
import { loopState } from '../../app/heatmap/loops';
import { defaultThresholds } from '../../app/heatmap/thresholds';
import type { RackState } from '../../app/heatmap/types';

const T = defaultThresholds('A1');

function rack(name: string, patch: Partial<RackState> = {}): RackState {
  return {
    rackId: name.length,
    name,
    inletC: null,
    outletC: null,
    deltaK: null,
    hottestGpuC: null,
    hottestGpu: null,
    gpusReporting: 0,
    gpusNearSlowdown: 0,
    gpusAboveMaxOperating: 0,
    minTlimitC: null,
    minTlimitGpu: null,
    gpusTlimitNegative: 0,
    hottestHbmC: null,
    gpusThrottleThermal: 0,
    gpusThrottlePower: 0,
    powerKw: null,
    ...patch,
  };
}

const run = (racks: RackState[]) => evaluateFindings({ racks, loops: [], leaks: [], silent: [] }, T);

describe('findings rules at their edges', () => {
  it('keeps an inlet of exactly 27.0 °C (recommended) and 32.0 °C (allowable) out of the worse kind', () => {
    expect(run([rack('A', { inletC: 27.0 })])).toEqual([]);
    expect(run([rack('A', { inletC: 27.05 })]).map((f) => f.kind)).toEqual(['inlet_above_recommended']);
    expect(run([rack('A', { inletC: 32.0 })]).map((f) => f.kind)).toEqual(['inlet_above_recommended']);
    expect(run([rack('A', { inletC: 32.1 })])).toMatchObject([{ kind: 'inlet_above_allowable', severity: 'critical', threshold: 32 }]);
  });

  it('flags a GPU within 5 °C of slowdown (84 °C) and above max operating (87 °C)', () => {
    expect(run([rack('A', { hottestGpuC: 83.9 })])).toEqual([]);
    expect(run([rack('A', { hottestGpuC: 84, gpusNearSlowdown: 1, hottestGpu: 'n1 GPU 3' })])).toMatchObject([{ kind: 'gpu_near_slowdown', target: 'n1 GPU 3', threshold: 84 }]);
    expect(run([rack('A', { hottestGpuC: 87, gpusNearSlowdown: 2 })])).toMatchObject([{ kind: 'gpu_near_slowdown', count: 2 }]);
    expect(run([rack('A', { hottestGpuC: 87.5, gpusAboveMaxOperating: 1 })])).toMatchObject([{ kind: 'gpu_above_max_operating', severity: 'critical', threshold: 87 }]);
  });

  it('flags negative T.Limit, HBM over 95 °C and throttling, but not a T.Limit of zero', () => {
    expect(run([rack('A', { minTlimitC: 0 })])).toEqual([]);
    const kinds = run([rack('A', { minTlimitC: -2, gpusTlimitNegative: 1, hottestHbmC: 96, gpusThrottleThermal: 2, gpusThrottlePower: 1 })]).map((f) => f.kind);
    expect(kinds).toEqual(['gpu_tlimit_negative', 'gpu_throttle_thermal', 'hbm_above_max', 'gpu_throttle_power']);
  });

  it('puts critical findings first, then by kind, then by how far past the limit', () => {
    const findings = run([rack('A', { inletC: 28 }), rack('BB', { inletC: 30 }), rack('CCC', { hottestGpuC: 90, gpusAboveMaxOperating: 1 })]);
    expect(findings.map((f) => `${f.kind}:${f.rack}`)).toEqual(['gpu_above_max_operating:CCC', 'inlet_above_recommended:BB', 'inlet_above_recommended:A']);
  });

  it('judges a loop by flow, ΔT and heat balance, each within its tolerance', () => {
    const base = {
      cduId: 9, cdu: 'CDU-1', loopId: 1, loop: 'TCS-1', medium: 'water' as const, capacityKw: 800, supplyC: 30, returnC: 40,
      reportedDeltaTK: null, heatRemovedKw: null, leak: false, racks: 10, racksWithPower: 10,
    };
    // 600 L/min of water over 10 K carries 416.0 kW.
    const balanced = loopState({ ...base, flowLpm: 600, rackPowerKw: 416 }, T);
    expect(balanced.heatCarriedKw).toBeCloseTo(416.0, 1);
    expect(evaluateFindings({ racks: [], loops: [balanced], leaks: [], silent: [] }, T)).toEqual([]);
    // The racks draw 560 kW: the coolant carries 26 % less than it should (tolerance 20 %).
    const off = loopState({ ...base, flowLpm: 600, rackPowerKw: 560 }, T);
    expect(evaluateFindings({ racks: [], loops: [off], leaks: [], silent: [] }, T).map((f) => f.kind)).toEqual(['cdu_heat_balance']);
    // A starved loop: same heat through 250 L/min is a 24 K rise and below the flow needed at 15 K.
    const starved = loopState({ ...base, flowLpm: 250, returnC: 54, rackPowerKw: 416 }, T);
    const kinds = evaluateFindings({ racks: [], loops: [starved], leaks: [{ target: 'CDU-1', rackId: null, rack: null, cduId: 9 }], silent: [] }, T).map((f) => f.kind);
    expect(kinds).toEqual(['leak', 'cdu_flow_low', 'cdu_delta_t_high']);
  });

  it('says how long a sensor has been silent against factor × its interval', () => {
    const [f] = evaluateFindings({ racks: [], loops: [], leaks: [], silent: [{ target: 'R01-02-INLET', rackId: 2, rack: 'R01-02', lastMs: 0, intervalMs: 300_000, silentMs: 3_600_000 }] }, T);
    expect(f).toMatchObject({ kind: 'sensor_silent', value: 3600, threshold: 900, rackId: 2 });
    expect(f?.message).toMatch(/silent for 60 min \(it usually reports every 5 min\)/);
  });
});
