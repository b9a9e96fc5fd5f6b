import { describe, expect, it } from 'vitest';
import { deltaTForHeatK, FLUID_PROPERTIES, flowForHeatLpm, heatCarriedKw, volumetricHeatCapacity } from '../../app/heatmap/heat-balance';
import { loopState } from '../../app/heatmap/loops';
import { defaultThresholds } from '../../app/heatmap/thresholds';

describe('heat balance Q = ṁ·cp·ΔT', () => {
  it('uses the documented fluid properties', () => {
    expect(FLUID_PROPERTIES.water).toEqual({ densityKgM3: 995.7, cpKjPerKgK: 4.178 });
    expect(FLUID_PROPERTIES.pg25).toEqual({ densityKgM3: 1019, cpKjPerKgK: 3.93 });
    expect(volumetricHeatCapacity('pg25')).toBeCloseTo(4004.67, 2);
  });

  it('computes heat from flow and ΔT by hand: 100 L/min of PG25 over 10 K carries 66.7 kW', () => {
    // ṁ = 1019 kg/m³ × 100 L/min / 60,000 = 1.6983 kg/s; Q = 1.6983 × 3.93 × 10 = 66.74 kW.
    expect(heatCarriedKw(100, 10, 'pg25')).toBeCloseTo(66.745, 2);
    // Water carries about 4 % more: 995.7 × 4.178 × 100 × 10 / 60,000 = 69.33 kW.
    expect(heatCarriedKw(100, 10, 'water')).toBeCloseTo(69.334, 2);
  });

  it('inverts to the flow or the ΔT for a load', () => {
    expect(flowForHeatLpm(66.745, 10, 'pg25')).toBeCloseTo(100, 1);
    expect(deltaTForHeatK(66.745, 100, 'pg25')).toBeCloseTo(10, 2);
    expect(flowForHeatLpm(10, 0, 'water')).toBe(Number.POSITIVE_INFINITY);
  });

  it('builds a loop’s figures: ΔT from supply/return, heat carried, expected heat and the flow needed at the ΔT limit', () => {
    const t = { ...defaultThresholds('A1'), cduLiquidCapturePct: 80 };
    const loop = loopState(
      {
        cduId: 1, cdu: 'CDU-R01', loopId: 2, loop: 'TCS-R01', medium: 'pg25', capacityKw: 1000,
        supplyC: 30, returnC: 40, reportedDeltaTK: null, flowLpm: 600, heatRemovedKw: 395, leak: false,
        rackPowerKw: 500, racks: 10, racksWithPower: 10,
      },
      t,
    );
    expect(loop.deltaTK).toBe(10);
    expect(loop.heatCarriedKw).toBeCloseTo(400.47, 1);
    expect(loop.expectedHeatKw).toBe(400);
    // 400 kW at the 15 K limit: 400 × 60,000 / (4004.67 × 15) = 399.5 L/min.
    expect(loop.requiredFlowLpm).toBeCloseTo(399.53, 1);
    const reported = loopState({ ...loopStateInput(), reportedDeltaTK: 12, supplyC: 30, returnC: 40 }, t);
    expect(reported.deltaTK).toBe(12);
  });
});

function loopStateInput() {
  return {
    cduId: 1, cdu: 'CDU', loopId: null, loop: null, medium: 'water' as const, capacityKw: 100, supplyC: null, returnC: null,
    reportedDeltaTK: null, flowLpm: null, heatRemovedKw: null, leak: false, rackPowerKw: null, racks: 0, racksWithPower: 0,
  };
}
