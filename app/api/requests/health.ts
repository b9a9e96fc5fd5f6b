import { z } from 'zod';
import { HEALTH_KINDS, type HealthKind, type HealthReport } from '../../health/types';
import { RMA_STATUSES, type RmaCase, type RmaStatus, type SerialHistory, type SlotHistory } from '../../rma/types';
import { request } from './define';
import { id } from './inventory';

const technician = z.string().trim().min(1).max(100);
const text = z.string().max(2000);
const serialText = z.string().min(1).max(200);

export const healthRequests = {
  /** GPU and leak health findings from imported telemetry, worst first, each with evidence and place. */
  'health.report': request<HealthReport>()(
    z.object({ roomId: id.optional(), kinds: z.array(z.enum(HEALTH_KINDS as unknown as [HealthKind, ...HealthKind[]])).max(20).optional() }).strict(),
    { access: 'read' },
  ),
  /** Opens a field-replacement case for a GPU named by serial, UUID or HOST:SLOT. */
  'rma.open': request<RmaCase>()(
    z
      .object({
        part: serialText.optional(),
        acceleratorId: id.optional(),
        by: technician,
        reason: text.optional(),
        status: z.enum(['suspect', 'rma-open']).optional(),
        findingKind: z.enum(HEALTH_KINDS as unknown as [HealthKind, ...HealthKind[]]).optional(),
        evidence: z.record(z.string(), z.union([z.string().max(2000), z.number(), z.boolean(), z.null()])).optional(),
      })
      .strict()
      .refine((v) => (v.part === undefined) !== (v.acceleratorId === undefined), { message: 'give either part or acceleratorId' }),
  ),
  /** A drain note (moves a suspect case to rma-open) or a plain note on a case. */
  'rma.note': request<RmaCase>()(z.object({ caseId: id, note: z.string().min(1).max(2000), by: technician, step: z.enum(['drain', 'note']).default('note') }).strict()),
  /** The swap: the new part's serial as scanned, and optionally the pulled part's serial to check against the case. */
  'rma.swap': request<RmaCase>()(z.object({ caseId: id, newSerial: serialText, removedSerial: serialText.optional(), by: technician }).strict()),
  'rma.close': request<RmaCase>()(z.object({ caseId: id, by: technician, note: text.optional() }).strict()),
  'rma.list': request<RmaCase[]>()(
    z.object({ status: z.enum([...RMA_STATUSES, 'open'] as unknown as [RmaStatus | 'open', ...Array<RmaStatus | 'open'>]).optional(), roomId: id.optional(), deviceId: id.optional() }).strict(),
    { access: 'read' },
  ),
  'rma.get': request<RmaCase>()(z.object({ caseId: id }).strict(), { access: 'read' }),
  /** Which parts sat in a slot and its cases: by device and slot, or by a part reference (serial, UUID, HOST:SLOT). */
  'rma.slot': request<SlotHistory>()(
    z
      .object({ deviceId: id.optional(), slot: z.number().int().min(0).max(999).optional(), part: serialText.optional() })
      .strict()
      .refine((v) => (v.part !== undefined) !== (v.deviceId !== undefined && v.slot !== undefined), { message: 'give either part, or deviceId and slot' }),
    { access: 'read' },
  ),
  /** Where a serial has been: slots, cases, and where it is now. */
  'rma.serial': request<SerialHistory>()(z.object({ serial: serialText }).strict(), { access: 'read' }),
} as const;
