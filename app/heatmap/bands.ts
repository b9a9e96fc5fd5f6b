import type { AshraeClass } from '../inventory/types';

/**
 * ASHRAE TC 9.9 thermal envelopes for IT inlet air, °C (../shared/reference/telemetry-formats.md §4):
 *   recommended, classes A1–A4: 18–27 °C (64.4–80.6 °F);
 *   allowable: A1 15–32, A2 10–35, A3 5–40, A4 5–45 °C;
 *   H1 (high-density): recommended 18–22, allowable 5–25 °C.
 * Range ends are inclusive: 27.0 °C is still recommended, 27.01 °C is not.
 */
export interface Envelope {
  readonly recommendedMinC: number;
  readonly recommendedMaxC: number;
  readonly allowableMinC: number;
  readonly allowableMaxC: number;
}

export const ASHRAE_ENVELOPES: Readonly<Record<AshraeClass, Envelope>> = {
  A1: { recommendedMinC: 18, recommendedMaxC: 27, allowableMinC: 15, allowableMaxC: 32 },
  A2: { recommendedMinC: 18, recommendedMaxC: 27, allowableMinC: 10, allowableMaxC: 35 },
  A3: { recommendedMinC: 18, recommendedMaxC: 27, allowableMinC: 5, allowableMaxC: 40 },
  A4: { recommendedMinC: 18, recommendedMaxC: 27, allowableMinC: 5, allowableMaxC: 45 },
  H1: { recommendedMinC: 18, recommendedMaxC: 22, allowableMinC: 5, allowableMaxC: 25 },
};

export type BandId = 'below-allowable' | 'allowable-low' | 'recommended' | 'allowable-high' | 'above-allowable';

export interface Band {
  readonly id: BandId;
  readonly label: string;
  /** Lower and upper edge, °C; the outer bands are open (−∞ / +∞). */
  readonly fromC: number;
  readonly toC: number;
  /** Colour of the band in the legend (the field uses a continuous scale through these). */
  readonly color: string;
}

/** Legend colours per band: cold blue, the recommended green, amber, then red. */
export const BAND_COLORS: Readonly<Record<BandId, string>> = {
  'below-allowable': '#3b5bdb',
  'allowable-low': '#4dabf7',
  recommended: '#2f9e44',
  'allowable-high': '#f08c00',
  'above-allowable': '#e03131',
};

/** The five bands of an envelope, coldest first. */
export function bandsOf(envelope: Envelope, ashraeClass: AshraeClass | null = null): Band[] {
  const cls = ashraeClass ? `${ashraeClass} ` : '';
  return [
    { id: 'below-allowable', label: `below ${cls}allowable`, fromC: Number.NEGATIVE_INFINITY, toC: envelope.allowableMinC, color: BAND_COLORS['below-allowable'] },
    { id: 'allowable-low', label: `${cls}allowable (cool)`, fromC: envelope.allowableMinC, toC: envelope.recommendedMinC, color: BAND_COLORS['allowable-low'] },
    { id: 'recommended', label: `${cls}recommended`.trim(), fromC: envelope.recommendedMinC, toC: envelope.recommendedMaxC, color: BAND_COLORS.recommended },
    { id: 'allowable-high', label: `${cls}allowable (warm)`, fromC: envelope.recommendedMaxC, toC: envelope.allowableMaxC, color: BAND_COLORS['allowable-high'] },
    { id: 'above-allowable', label: `above ${cls}allowable`, fromC: envelope.allowableMaxC, toC: Number.POSITIVE_INFINITY, color: BAND_COLORS['above-allowable'] },
  ];
}

/**
 * Which band a temperature falls in. The recommended range includes both its ends, and each allowable
 * range includes its ends too; only beyond them is a reading out of band.
 */
export function bandOf(envelope: Envelope, valueC: number): BandId {
  if (valueC < envelope.allowableMinC) return 'below-allowable';
  if (valueC < envelope.recommendedMinC) return 'allowable-low';
  if (valueC <= envelope.recommendedMaxC) return 'recommended';
  if (valueC <= envelope.allowableMaxC) return 'allowable-high';
  return 'above-allowable';
}
