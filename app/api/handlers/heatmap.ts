import type { heatmapRequests } from '../requests/heatmap';
import type { HandlersFor } from './context';
import { heatmapFindings, heatmapFrame, heatmapLoops, heatmapTimeline } from '../../heatmap/frame';
import { readThresholds, setThresholds } from '../../heatmap/threshold-store';

export const heatmapHandlers: HandlersFor<keyof typeof heatmapRequests> = {
  'heatmap.frame': (ctx, input) => heatmapFrame(ctx.db, input.roomId, { metric: input.metric, at: input.at }),
  'heatmap.timeline': (ctx, input) => heatmapTimeline(ctx.db, input.roomId),
  'heatmap.findings': (ctx, input) => heatmapFindings(ctx.db, input.roomId, input.at),
  'heatmap.loops': (ctx, input) => heatmapLoops(ctx.db, input.roomId, input.at),
  'heatmap.thresholds.get': (ctx, input) => readThresholds(ctx.db, input.roomId),
  'heatmap.thresholds.set': (ctx, input) => setThresholds(ctx.db, { roomId: input.roomId, unit: input.unit, values: input.values, reason: input.reason }, ctx.actor),
};
