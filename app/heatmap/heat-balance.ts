/**
 * Heat balance of a liquid loop: the heat the coolant carries away is Q = ṁ · cp · ΔT, with the mass flow
 * ṁ = ρ · V̇. With V̇ in L/min, ρ in kg/m³ and cp in kJ/(kg·K):
 *
 *     Q [kW] = ρ · (V̇ / 60 000) · cp · ΔT
 *
 * Properties at 30 °C, a typical secondary (technology cooling system) loop temperature:
 * - water: ρ = 995.7 kg/m³, cp = 4.178 kJ/(kg·K) (IAPWS water tables);
 * - PG25, 25 % propylene glycol by mass in water: ρ = 1019 kg/m³, cp = 3.93 kJ/(kg·K) (manufacturer and
 *   ASHRAE Fundamentals glycol tables, interpolated between 20 and 40 °C; within about 1 % over 20–45 °C);
 * - dielectric (single-phase synthetic hydrocarbon, PAO class): ρ = 800 kg/m³, cp = 2.2 kJ/(kg·K), a
 *   rough mid value: products vary by ±15 %, so set a looser tolerance for such loops;
 * - air: ρ = 1.16 kg/m³, cp = 1.006 kJ/(kg·K).
 * These matter: a PG25 loop carries about 4 % less heat than water at the same flow and ΔT.
 */
export type CoolantMedium = 'water' | 'pg25' | 'dielectric' | 'air';

export interface FluidProperties {
  readonly densityKgM3: number;
  readonly cpKjPerKgK: number;
}

export const FLUID_PROPERTIES: Readonly<Record<CoolantMedium, FluidProperties>> = {
  water: { densityKgM3: 995.7, cpKjPerKgK: 4.178 },
  pg25: { densityKgM3: 1019, cpKjPerKgK: 3.93 },
  dielectric: { densityKgM3: 800, cpKjPerKgK: 2.2 },
  air: { densityKgM3: 1.16, cpKjPerKgK: 1.006 },
};

const LITRES_PER_MINUTE_PER_M3_PER_S = 60_000;

/** Volumetric heat capacity, kJ/(m³·K): what one m³ of the fluid carries per kelvin. */
export function volumetricHeatCapacity(medium: CoolantMedium): number {
  const p = FLUID_PROPERTIES[medium];
  return p.densityKgM3 * p.cpKjPerKgK;
}

/** Heat carried by the coolant, kW, from flow (L/min) and return − supply (K). */
export function heatCarriedKw(flowLpm: number, deltaTK: number, medium: CoolantMedium): number {
  return (volumetricHeatCapacity(medium) * flowLpm * deltaTK) / LITRES_PER_MINUTE_PER_M3_PER_S;
}

/** The flow (L/min) that carries `powerKw` at a ΔT of `deltaTK`. */
export function flowForHeatLpm(powerKw: number, deltaTK: number, medium: CoolantMedium): number {
  if (deltaTK <= 0) return Number.POSITIVE_INFINITY;
  return (powerKw * LITRES_PER_MINUTE_PER_M3_PER_S) / (volumetricHeatCapacity(medium) * deltaTK);
}

/** The ΔT (K) `powerKw` raises the coolant by at `flowLpm`. */
export function deltaTForHeatK(powerKw: number, flowLpm: number, medium: CoolantMedium): number {
  if (flowLpm <= 0) return Number.POSITIVE_INFINITY;
  return (powerKw * LITRES_PER_MINUTE_PER_M3_PER_S) / (volumetricHeatCapacity(medium) * flowLpm);
}

export function isCoolantMedium(value: string): value is CoolantMedium {
  return value === 'water' || value === 'pg25' || value === 'dielectric' || value === 'air';
}
