import type { FloorRack } from '../floor/types';
import type { LegendRamp, RackColouring } from '../render/floor-scene';
import { bandOf, bandsOf } from './bands';
import { deltaScale, gpuScale, inletScale, powerScale, scaleColor, type ColorScale } from './color';
import { envelopeOf, type Thresholds } from './thresholds';
import { METRIC_LABELS, METRIC_UNITS, type HeatmapMetric, type HeatmapRoom, type LegendBand, type RackState } from './types';

/**
 * How the heatmap colours racks, plugged into the floor developer's scene builder (RackColouring in
 * app/render/floor-scene.ts) so the canvas and the SVG export draw the same map: the metric's value per
 * rack at the frame's time through the metric's scale; for inlet, the legend lists the ASHRAE bands with
 * how many racks fall in each.
 */

const RAMP_SAMPLES = 48;

/** The colour scale of a metric in a room. Power scales to the largest rack value or budget seen. */
export function metricScale(metric: HeatmapMetric, thresholds: Thresholds, maxPowerKw = 0): ColorScale {
  switch (metric) {
    case 'inlet':
      return inletScale(envelopeOf(thresholds));
    case 'gpu':
      return gpuScale(thresholds);
    case 'power':
      return powerScale(maxPowerKw);
    case 'delta':
      return deltaScale();
  }
}

export function rackMetricValue(metric: HeatmapMetric, rack: RackState): number | null {
  switch (metric) {
    case 'inlet':
      return rack.inletC;
    case 'gpu':
      return rack.hottestGpuC;
    case 'power':
      return rack.powerKw;
    case 'delta':
      return rack.deltaK;
  }
}

export function formatMetric(metric: HeatmapMetric, value: number): string {
  const unit = METRIC_UNITS[metric];
  return metric === 'power' ? `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} ${unit}` : `${value.toFixed(1)} ${unit}`;
}

/** The legend's bands as plain data (JSON carries no infinity: open ends are null). */
export function legendBands(room: HeatmapRoom, thresholds: Thresholds): LegendBand[] {
  return bandsOf(envelopeOf(thresholds), room.ashraeClass).map((b) => ({
    id: b.id,
    label: b.label,
    fromC: Number.isFinite(b.fromC) ? b.fromC : null,
    toC: Number.isFinite(b.toC) ? b.toC : null,
    color: b.color,
  }));
}

/** Marks on the legend ramp, most important first: band edges for inlet, the GPU limits, round figures otherwise. */
export function rampMarks(metric: HeatmapMetric, t: Thresholds, scale: ColorScale): number[] {
  switch (metric) {
    case 'inlet':
      return [t.inletRecommendedMaxC, t.inletAllowableMaxC, t.inletRecommendedMinC, t.inletAllowableMinC];
    case 'gpu':
      return [t.gpuMaxOperatingC, t.gpuSlowdownC - t.gpuSlowdownMarginK, 60, t.gpuShutdownC].filter((v) => v > scale.lo && v <= scale.hi);
    case 'power':
    case 'delta':
      return [scale.lo, scale.hi, (scale.lo + scale.hi) / 2];
  }
}

/** Ticks closer than this share of the ramp would print over each other; the less important one is dropped. */
const MIN_TICK_GAP = 0.16;

export function legendRamp(metric: HeatmapMetric, t: Thresholds, scale: ColorScale): LegendRamp {
  const span = scale.hi - scale.lo;
  const unit = METRIC_UNITS[metric];
  const placed: Array<{ at: number; label: string }> = [];
  for (const v of rampMarks(metric, t, scale)) {
    const at = (v - scale.lo) / span;
    if (placed.some((p) => Math.abs(p.at - at) < MIN_TICK_GAP)) continue;
    placed.push({ at, label: `${Number.isInteger(v) ? v : v.toFixed(1)} ${unit}` });
  }
  const stops = Array.from({ length: RAMP_SAMPLES }, (_, i) => scaleColor(scale, scale.lo + (span * i) / (RAMP_SAMPLES - 1)));
  return { stops, ticks: placed.sort((a, b) => a.at - b.at) };
}

export function heatmapColouring(metric: HeatmapMetric, room: HeatmapRoom, racks: readonly RackState[], t: Thresholds): RackColouring {
  const byId = new Map(racks.map((r) => [r.rackId, r]));
  const maxPower = Math.max(0, ...racks.map((r) => r.powerKw ?? 0));
  const scale = metricScale(metric, t, maxPower);
  const envelope = envelopeOf(t);
  const bands = metric === 'inlet' ? legendBands(room, t) : [];
  return {
    title: metric === 'inlet' ? `${METRIC_LABELS.inlet} (ASHRAE ${room.ashraeClass})` : METRIC_LABELS[metric],
    colour(rack: FloorRack) {
      const state = byId.get(rack.id);
      const value = state ? rackMetricValue(metric, state) : null;
      if (value === null) return { fill: null, text: 'no reading at this time' };
      const fill = scaleColor(scale, value);
      const text = formatMetric(metric, value);
      return metric === 'inlet' ? { fill, text: `${text}, ${bandOf(envelope, value).replace('-', ' ')}`, bucket: bandOf(envelope, value) } : { fill, text };
    },
    ramp: legendRamp(metric, t, scale),
    swatches: bands.map((b) => ({ bucket: b.id, label: b.label, color: b.color })),
    emptyNote: 'No rack has a reading at this time: import telemetry or move the time slider.',
  };
}
