import { z } from 'zod';
import { THRESHOLD_KEYS, type ThresholdKey } from '../../heatmap/thresholds';
import { HEATMAP_METRICS, type HeatmapFindings, type HeatmapFrame, type HeatmapLoops, type HeatmapMetric, type HeatmapThresholds, type HeatmapTimeline } from '../../heatmap/types';
import { TEMPERATURE_UNITS, type TemperatureUnit } from '../../heatmap/units';
import { request } from './define';
import { id } from './inventory';

/** A time: epoch milliseconds, or text such as ISO 8601 (a time without a zone is the site's wall clock). */
const at = z.union([z.number().int().min(0).max(8.64e15), z.string().trim().min(4).max(40)]).optional();
const metric = z.enum(HEATMAP_METRICS as [HeatmapMetric, ...HeatmapMetric[]]);
const thresholdValues = z.partialRecord(z.enum(THRESHOLD_KEYS as unknown as [ThresholdKey, ...ThresholdKey[]]), z.number().finite().nullable());

export const heatmapRequests = {
  /** One moment of a room: the inlet field's sources, every rack's thermal state, the range, the ASHRAE bands. */
  'heatmap.frame': request<HeatmapFrame>()(z.object({ roomId: id, metric: metric.default('inlet'), at }).strict()),
  /** The time slider: the room's imported range cut into buckets, with readings and the hottest inlet per bucket. */
  'heatmap.timeline': request<HeatmapTimeline>()(z.object({ roomId: id }).strict()),
  /** Thermal findings at a moment (the latest by default), worst first, each with its rack. */
  'heatmap.findings': request<HeatmapFindings>()(z.object({ roomId: id, at }).strict()),
  /** The liquid loops: per CDU supply/return, ΔT, flow, heat carried against its racks' power. */
  'heatmap.loops': request<HeatmapLoops>()(z.object({ roomId: id, at }).strict()),
  /** The room's thresholds in effect, with their defaults and documentation. */
  'heatmap.thresholds.get': request<HeatmapThresholds>()(z.object({ roomId: id }).strict()),
  /** Sets (or with null resets) some thresholds; temperatures typed in °F are stored as °C, ΔT × 5/9. */
  'heatmap.thresholds.set': request<HeatmapThresholds>()(
    z
      .object({
        roomId: id,
        unit: z.enum(TEMPERATURE_UNITS as [TemperatureUnit, ...TemperatureUnit[]]).default('C'),
        values: thresholdValues,
        reason: z.string().max(500).optional(),
      })
      .strict(),
  ),
} as const;
