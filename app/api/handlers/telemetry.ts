import type { telemetryRequests } from '../requests/telemetry';
import type { HandlersFor } from './context';
import { detectTelemetry, importTelemetry } from '../../telemetry/import';
import { bucketsForRoom, latestForRoom, latestForTarget, telemetryStats, unmatchedTargets } from '../../telemetry/store/queries';
import { METRICS } from '../../telemetry/map/metrics';
import { appendUpload, discardUpload } from '../../telemetry/source/uploads';
import { deleteProfile, listProfiles, saveProfile } from '../../telemetry/profiles/profiles';
import { isValidTimeZone } from '../../telemetry/map/time-zone';
import { FloorwalkError } from '../../core/errors';
import { verifySwaps } from '../../rma/verify';
import { recordUnreadable } from '../../health/unreadable';

const toMs = (time: number | string): number => (typeof time === 'number' ? time : Date.parse(time));

export const telemetryHandlers: HandlersFor<keyof typeof telemetryRequests> = {
  'telemetry.detect': (ctx, input) => detectTelemetry(ctx.db, input),
  'telemetry.import': async (ctx, input) => {
    const result = await importTelemetry(ctx.db, input, { actor: ctx.actor, onProgress: ctx.onProgress, signal: ctx.signal });
    recordUnreadable(ctx.db, result.importId, result.deadGpus);
    // A file that reports a swapped slot confirms (or contradicts) the swap recorded on its RMA case.
    return { ...result, swaps: verifySwaps(ctx.db, result.importId, ctx.actor) };
  },
  'telemetry.stats': (ctx, input) => telemetryStats(ctx.db, input.metric),
  'telemetry.latest': (ctx, input) => (input.roomId !== undefined ? latestForRoom(ctx.db, input.roomId, input.metrics) : latestForTarget(ctx.db, input.targetId ?? 0)),
  'telemetry.buckets': (ctx, input) => bucketsForRoom(ctx.db, input.roomId, input.metric, toMs(input.from), toMs(input.to), input.bucketMinutes * 60_000),
  'telemetry.unmatched': (ctx, input) => unmatchedTargets(ctx.db, input),
  'telemetry.upload': (_ctx, input) => appendUpload(input.uploadId, input.data),
  'telemetry.discard': (_ctx, input) => discardUpload(input.uploadId),
  'telemetry.metrics': () => METRICS,
  'telemetry.profiles': (ctx) => listProfiles(ctx.db),
  'telemetry.profile.save': (ctx, input) => {
    if (input.timezone !== undefined && !isValidTimeZone(input.timezone)) throw new FloorwalkError('invalid_input', `"${input.timezone}" is not a time zone.`, { field: 'timezone' });
    return saveProfile(ctx.db, input, ctx.actor);
  },
  'telemetry.profile.delete': (ctx, input) => deleteProfile(ctx.db, input.name),
};
