import { z } from 'zod';

/** The audit bundle: one JSON file that carries an audit between machines (see FORMAT.md). */
export const BUNDLE_FORMAT = 'floorwalk-audit';
export const BUNDLE_FORMAT_VERSION = 1;

const ulid = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/);
const id = z.number().int().positive();
const iso = z.string().min(10).max(40);
const text = z.string().max(500);

export const bundleSchema = z
  .object({
    format: z.literal(BUNDLE_FORMAT),
    formatVersion: z.number().int().positive(),
    exportedAt: iso,
    inventory: z.object({ id: z.string().min(1).max(100), expectedDigest: z.string().regex(/^[0-9a-f]{64}$/) }).strict(),
    audit: z
      .object({
        id: ulid,
        scopeKind: z.enum(['site', 'room', 'racks']),
        scopeLabel: text,
        siteId: id.nullable(),
        roomId: id.nullable(),
        includeAccelerators: z.boolean(),
        technician: z.string().min(1).max(80),
        startedAt: iso,
        finishedAt: iso.nullable(),
        finishedBy: text.nullable(),
        expectedCount: z.number().int().min(0),
      })
      .strict(),
    racks: z.array(
      z
        .object({
          rackId: id,
          name: text,
          assetTag: text.nullable(),
          roomId: id,
          path: text,
          gridX: z.number().int(),
          gridY: z.number().int(),
          doneAt: iso.nullable(),
          doneBy: text.nullable(),
        })
        .strict(),
    ),
    expected: z.array(
      z
        .object({
          kind: z.enum(['device', 'accelerator']),
          entityId: id,
          serial: text.nullable(),
          assetTag: text.nullable(),
          label: text,
          rackId: id,
          u: z.number().int().nullable(),
          deviceId: id.nullable(),
          slot: z.number().int().nullable(),
        })
        .strict(),
    ),
    scans: z.array(
      z
        .object({
          id: ulid,
          code: z.string().min(1).max(200),
          rackId: id,
          u: z.number().int().nullable(),
          result: z.enum(['rack', 'matched', 'misplaced', 'unknown', 'duplicate']),
          entityKind: z.enum(['device', 'accelerator']).nullable(),
          entityId: id.nullable(),
          expectedRackId: id.nullable(),
          expectedWhere: text.nullable(),
          deviceContextId: id.nullable(),
          at: iso,
          by: text,
        })
        .strict(),
    ),
    decisions: z.array(
      z
        .object({
          item: text,
          decision: z.enum(['accept', 'reject']),
          typeId: id.nullable(),
          identity: z.enum(['serial', 'asset_tag']).nullable(),
          u: z.number().int().nullable(),
          targetDeviceId: id.nullable(),
          slot: z.number().int().nullable(),
          at: iso,
          by: text,
        })
        .strict(),
    ),
    integrity: z.object({ algorithm: z.literal('sha256'), hash: z.string().regex(/^[0-9a-f]{64}$/) }).strict(),
  })
  .strict();

export type AuditBundle = z.infer<typeof bundleSchema>;
export type BundleBody = Omit<AuditBundle, 'integrity'>;
