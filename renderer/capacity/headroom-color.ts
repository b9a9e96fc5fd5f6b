/** Colours for headroom in kW: over (negative), tight, some, ample. Pure, shared by the map and its legend. */
export const HEADROOM_STEPS: ReadonlyArray<{ readonly below: number; readonly color: string; readonly label: string }> = [
  { below: 0, color: '#f85149', label: 'over' },
  { below: 5, color: '#d29922', label: '< 5 kW' },
  { below: 20, color: '#9e9a3a', label: '5–20 kW' },
  { below: Infinity, color: '#3fb950', label: '≥ 20 kW' },
];
export const NO_VALUE_COLOR = '#3a4553';

export function headroomColor(kw: number | null): string {
  if (kw === null) return NO_VALUE_COLOR;
  return (HEADROOM_STEPS.find((s) => kw < s.below) ?? HEADROOM_STEPS[HEADROOM_STEPS.length - 1])?.color ?? NO_VALUE_COLOR;
}

export type MapMode = 'a-loss' | 'b-loss' | 'usable';
export const MAP_MODES: ReadonlyArray<{ readonly id: MapMode; readonly label: string }> = [
  { id: 'a-loss', label: 'Headroom on A loss' },
  { id: 'b-loss', label: 'Headroom on B loss' },
  { id: 'usable', label: 'Usable kW' },
];

export const kw1 = (kw: number | null | undefined): string => (kw === null || kw === undefined || !Number.isFinite(kw) ? '—' : kw.toFixed(1));
