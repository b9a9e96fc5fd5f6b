import type { SwapVerification } from '../../rma/verify';
import { z } from 'zod';
import { TELEMETRY_FORMATS, type TelemetryProfile, type BucketValue, type LatestReading, type TelemetryDetectResult, type TelemetryFormat, type TelemetryImportResult, type TelemetryStats, type TelemetryUnmatched } from '../../telemetry/types';
import type { MetricDef } from '../../telemetry/map/metrics';
import { fileSourceRequest, request } from './define';
import { id, none } from './inventory';

/** Browser uploads travel as text in the request body; the HTTP transport caps bodies at 512 MiB. */
const MAX_UPLOAD_CHARS = 512 * 1024 * 1024;

const uploadId = z.string().regex(/^[0-9a-f]{32}$/, 'not an upload id');
/** Upload chunks: 6 MiB of base64 is 4.5 MiB of file, small enough to keep the page responsive while it is sent. */
const MAX_CHUNK_BASE64_CHARS = 6 * 1024 * 1024;

/** What the console sends: a staged upload, or the text of a small file. */
const consoleSource = z.union([
  z.object({ upload: uploadId, name: z.string().min(1).max(260), modifiedMs: z.number().int().nonnegative().optional() }).strict(),
  z
    .object({
      text: z.string().max(MAX_UPLOAD_CHARS),
      name: z.string().min(1).max(260),
      /** The dropped file's lastModified, for scrapes that carry no time. */
      modifiedMs: z.number().int().nonnegative().optional(),
    })
    .strict(),
]);

const profileName = z.string().trim().min(1).max(64);

const telemetryInput = <Source extends z.ZodType>(source: Source) =>
  z
    .object({
    source,
    format: z.enum(TELEMETRY_FORMATS as [TelemetryFormat, ...TelemetryFormat[]]).optional(),
    columns: z.string().trim().min(1).max(4000).optional(),
    timezone: z.string().trim().min(1).max(64).optional(),
    room: z.string().trim().min(1).max(120).optional(),
    target: z.string().trim().min(1).max(200).optional(),
    /** Corrections of the column map, `COLUMN=ROLE[:UNIT]` each. */
    map: z.array(z.string().min(3).max(400)).max(200).optional(),
    /** A saved profile to apply; and (import) a name to save the applied map under. */
    profile: profileName.optional(),
    saveProfile: profileName.optional(),
  })
  .strict();

const metricName = z.string().trim().min(1).max(64);
/** ISO time or epoch ms. */
const time = z.union([z.number().int(), z.string().datetime({ offset: true })]);

export const telemetryRequests = {
  /** What a file is and what importing it would store, from its first 64 KB; writes nothing. */
  'telemetry.detect': fileSourceRequest<TelemetryDetectResult>()(consoleSource, telemetryInput),
  /** Imports one file, all or nothing, with progress (bytes as done/total, plus rows) and cancel. */
  'telemetry.import': fileSourceRequest<TelemetryImportResult & { readonly swaps: readonly SwapVerification[] }>()(consoleSource, telemetryInput),
  'telemetry.stats': request<TelemetryStats>()(z.object({ metric: metricName.optional() }).strict()),
  /** The newest value per target and metric: of a room (roomId) or of one telemetry target (targetId). */
  'telemetry.latest': request<LatestReading[]>()(
    z
      .object({ roomId: id.optional(), targetId: id.optional(), metrics: z.array(metricName).max(100).optional() })
      .strict()
      .refine((v) => (v.roomId === undefined) !== (v.targetId === undefined), { message: 'give either roomId or targetId' }),
  ),
  /** One metric over a room's targets, aggregated per time bucket. */
  'telemetry.buckets': request<BucketValue[]>()(
    z.object({ roomId: id, metric: metricName, from: time, to: time, bucketMinutes: z.number().min(0.1).max(10080) }).strict(),
  ),
  /** Targets the inventory lacks, and inventory GPUs of reporting hosts that no file mentions. */
  'telemetry.unmatched': request<TelemetryUnmatched>()(
    z.object({ limit: z.number().int().min(1).max(1000).default(100), offset: z.number().int().min(0).default(0), roomId: id.optional() }).strict(),
  ),
  /** Stages a file for import in chunks (base64 bytes); without uploadId it starts a new upload. */
  'telemetry.upload': request<{ uploadId: string; bytes: number }>()(
    z.object({ uploadId: uploadId.optional(), data: z.string().max(MAX_CHUNK_BASE64_CHARS).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'not base64') }).strict(),
  ),
  /** Drops a staged upload that will not be imported (cancelled before the import began). */
  'telemetry.discard': request<{ discarded: boolean }>()(z.object({ uploadId }).strict()),
  /** Saved column-map profiles, by name. */
  'telemetry.profiles': request<TelemetryProfile[]>()(none, { access: 'read' }),
  /** Saves (or replaces) a profile: the corrections of a header's map, checked like --map. */
  'telemetry.profile.save': request<TelemetryProfile>()(
    z
      .object({
        name: profileName,
        format: z.enum(TELEMETRY_FORMATS as [TelemetryFormat, ...TelemetryFormat[]]),
        header: z.array(z.string().max(400)).min(1).max(2000),
        map: z.array(z.string().min(3).max(400)).max(200),
        timezone: z.string().trim().min(1).max(64).optional(),
        columns: z.string().trim().min(1).max(4000).optional(),
      })
      .strict(),
  ),
  'telemetry.profile.delete': request<{ deleted: boolean }>()(z.object({ name: profileName }).strict()),
  /** The metric vocabulary: names, canonical units, labels. */
  'telemetry.metrics': request<readonly MetricDef[]>()(none),
} as const;
