import { z } from 'zod';
import type { StartResult } from '../../audit/start';
import type {
  ApplyResult,
  AuditDetail,
  BulkDecisionResult,
  AuditExport,
  AuditImportResult,
  AuditReport,
  AuditSummary,
  LabelSheet,
  RackDoneResult,
  RackProgress,
  ReconItem,
  Reconciliation,
  ScanResult,
} from '../../audit/types';
import { fileSourceRequest, request } from './define';

/** An audit id: a 26-character ULID, in any case. */
const audit = z.string().trim().length(26, 'an audit id has 26 characters');
const id = z.number().int().positive();
const name = z.string().trim().min(1).max(80);
/** Who does it; the audit's technician when left out. */
const by = name.optional();
const place = z.string().trim().min(1).max(200);

const scope = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('site'), site: place }).strict(),
  z.object({ kind: z.literal('room'), room: place }).strict(),
  z.object({ kind: z.literal('racks'), racks: z.array(place).min(1).max(5000) }).strict(),
]);

export const auditRequests = {
  /** Freezes what the inventory expects in a site, a room or chosen racks. */
  'audit.start': request<StartResult>()(z.object({ scope, technician: name, includeAccelerators: z.boolean().default(false) }).strict()),
  'audit.list': request<AuditSummary[]>()(z.object({ roomId: id.optional(), open: z.boolean().optional() }).strict()),
  /** Everything the scanning screen needs to resume: where the technician stands, racks, last scans. */
  'audit.detail': request<AuditDetail>()(z.object({ audit }).strict()),
  /** One scan, classified and durably written before the reply. */
  'audit.scan': request<ScanResult>()(
    z.object({ audit, code: z.string().min(1).max(400), rack: place.optional(), u: z.number().int().min(1).max(60).optional(), by }).strict(),
  ),
  'audit.rackDone': request<RackDoneResult>()(z.object({ audit, rack: place, done: z.boolean().default(true), by }).strict()),
  /** Per-rack progress (for the floor map and the scanning screen), optionally of one room. */
  'audit.progress': request<RackProgress[]>()(z.object({ audit, roomId: id.optional() }).strict()),
  'audit.reconciliation': request<Reconciliation>()(z.object({ audit }).strict()),
  'audit.finish': request<Reconciliation>()(z.object({ audit, by }).strict()),
  'audit.decide': request<ReconItem>()(
    z
      .object({
        audit,
        item: z.string().min(1).max(300),
        decision: z.enum(['accept', 'reject']).optional(),
        typeId: id.nullable().optional(),
        identity: z.enum(['serial', 'asset_tag']).optional(),
        uPosition: z.number().int().min(1).max(60).nullable().optional(),
        targetDeviceId: id.nullable().optional(),
        slot: z.number().int().min(0).max(63).nullable().optional(),
        by,
      })
      .strict(),
  ),
  /** Accepts or rejects at once every item of a category, kind, rack and/or device. */
  'audit.decideMany': request<BulkDecisionResult>()(
    z
      .object({
        audit,
        decision: z.enum(['accept', 'reject']),
        category: z.enum(['missing', 'misplaced', 'unknown']).optional(),
        kind: z.enum(['device', 'accelerator']).optional(),
        rackId: id.optional(),
        deviceId: id.optional(),
        by,
      })
      .strict(),
  ),
  /** Applies the accepted items as one change set in the change log. */
  'audit.apply': request<ApplyResult>()(z.object({ audit, reason: z.string().max(500).optional(), by }).strict()),
  'audit.report': request<AuditReport>()(z.object({ audit, format: z.enum(['html', 'csv']) }).strict()),
  'audit.export': request<AuditExport>()(z.object({ audit }).strict()),
  /** A bundle from a path (CLI) or its text (browser upload); merges with what this database knows. */
  'audit.import': fileSourceRequest<AuditImportResult>()(z.object({ text: z.string(), name: z.string().max(260) }).strict(), (source) =>
    z.object({ source }).strict(),
  ),
  'audit.labels': request<LabelSheet>()(
    z.object({ room: place.optional(), racks: z.array(place).min(1).max(5000).optional(), devices: z.boolean().default(true) }).strict(),
  ),
} as const;
