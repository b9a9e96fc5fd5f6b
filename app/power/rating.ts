/**
 * kW from amps per phase and voltage: three-phase P = √3 · V(line-to-line) · I, single-phase P = V · I,
 * at unity power factor (GPU server PSUs run at 0.98–0.99, so the rating is what the conductors allow).
 */
export function kwFromAmps(ampsPerPhase: number, voltageV: number, phases: 1 | 3): number {
  return ((phases === 3 ? Math.sqrt(3) : 1) * voltageV * ampsPerPhase) / 1000;
}
