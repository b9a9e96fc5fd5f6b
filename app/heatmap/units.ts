/**
 * Temperature units for thresholds a technician types. An absolute temperature in °F converts with the
 * offset, (°F − 32) × 5/9; a temperature difference (ΔT, a margin) has no offset: 1 °F of difference is
 * 5/9 K. Mixing the two is the classic mistake (a 20 °F ΔT is 11.1 K, not −6.7 °C).
 */

export type TemperatureUnit = 'C' | 'F';
export const TEMPERATURE_UNITS: readonly TemperatureUnit[] = ['C', 'F'];

export function fahrenheitToCelsius(f: number): number {
  return ((f - 32) * 5) / 9;
}

export function celsiusToFahrenheit(c: number): number {
  return (c * 9) / 5 + 32;
}

/** A temperature difference in °F (Rankine degrees) to kelvin. */
export function fahrenheitDeltaToKelvin(deltaF: number): number {
  return (deltaF * 5) / 9;
}

export function kelvinDeltaToFahrenheit(deltaK: number): number {
  return (deltaK * 9) / 5;
}

/** Rounds away float noise from a conversion (e.g. 80.6 °F → 27.000000000000004 °C) to 1e-9. */
export function tidy(value: number): number {
  return Math.round(value * 1e9) / 1e9;
}
