import { flowForHeatLpm, heatCarriedKw } from './heat-balance';
import type { Thresholds } from './thresholds';
import type { CduBase, LoopState } from './types';

export interface CduReadings extends CduBase {
  readonly reportedDeltaTK: number | null;
  readonly racksWithPower: number;
}

/**
 * A CDU's loop in figures: ΔT (reported, else return − supply), the heat the coolant carries (ṁ·cp·ΔT,
 * heat-balance.ts), the heat it should carry (loop rack power × liquid capture share) and the flow
 * that would carry that at the room's ΔT limit (by the CDU's own reported heat when no rack reports power).
 */
export function loopState(r: CduReadings, t: Thresholds): LoopState {
  const deltaTK = r.reportedDeltaTK ?? (r.supplyC !== null && r.returnC !== null ? r.returnC - r.supplyC : null);
  const carried = r.flowLpm !== null && deltaTK !== null ? heatCarriedKw(r.flowLpm, deltaTK, r.medium) : null;
  const expected = r.rackPowerKw !== null ? (r.rackPowerKw * t.cduLiquidCapturePct) / 100 : null;
  // Without rack power the flow check still has a load to judge by: the heat the CDU says it removes.
  const load = expected ?? r.heatRemovedKw;
  const required = load !== null && load > 0 ? flowForHeatLpm(load, t.cduDeltaTMaxK, r.medium) : null;
  return {
    cduId: r.cduId,
    cdu: r.cdu,
    loopId: r.loopId,
    loop: r.loop,
    medium: r.medium,
    capacityKw: r.capacityKw,
    supplyC: r.supplyC,
    returnC: r.returnC,
    deltaTK,
    flowLpm: r.flowLpm,
    heatRemovedKw: r.heatRemovedKw,
    heatCarriedKw: carried,
    rackPowerKw: r.rackPowerKw,
    racks: r.racks,
    racksWithPower: r.racksWithPower,
    expectedHeatKw: expected,
    requiredFlowLpm: required,
    leak: r.leak,
  };
}
