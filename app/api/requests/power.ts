import { z } from 'zod';
import type { PowerImportReport } from '../../power/import';
import type { PowerChainView } from '../../power/view';
import type { FailoverReport, PowerElement } from '../../power/types';
import { POWER_KINDS, POWER_SIDES } from '../../power/types';
import { fileSourceRequest, request } from './define';
import { id } from './inventory';
import { name } from './identifier';

const reason = z.string().max(500).optional();
const side = z.enum(POWER_SIDES);
const kw = z.number().positive().max(1_000_000);
const elementFields = z
  .object({
    siteId: id,
    roomId: id.nullable().optional(),
    name: name(80, 'Element name'),
    kind: z.enum(POWER_KINDS),
    parentId: id.nullable().optional(),
    side: side.nullable().optional(),
    ratingKw: kw.nullable().optional(),
    ampsPerPhase: z.number().positive().max(100_000).nullable().optional(),
    voltageV: z.number().positive().max(100_000).nullable().optional(),
    phases: z.union([z.literal(1), z.literal(3)]).optional(),
  })
  .strict();
const importKind = z.enum(['elements', 'feeds']);
const importInput = <S extends z.ZodType>(source: S) =>
  z.object({ source, kind: importKind, dryRun: z.boolean().default(false), reason }).strict();

export const powerRequests = {
  /** For each element serving the room: if it fails, the load that moves, what drops and what runs over its rating. */
  'power.failover': request<FailoverReport>()(z.object({ roomId: id }).strict(), { access: 'read' }),
  /** The chain as stored for a room's site, with loads, and the feeds of the room's racks: what the editor shows. */
  'power.chain': request<PowerChainView>()(z.object({ roomId: id }).strict(), { access: 'read' }),
  'power.element.save': request<PowerElement>()(z.object({ id: id.nullable(), fields: elementFields, reason }).strict()),
  'power.element.delete': request<{ deleted: number }>()(z.object({ id, reason }).strict()),
  /** Hangs one side of a rack on an element; elementId null takes it off. */
  'power.feed.set': request<{ rackId: number; side: 'A' | 'B'; elementId: number | null }>()(
    z.object({ rackId: id, side, elementId: id.nullable(), pduDeviceId: id.nullable().optional(), reason }).strict(),
  ),
  /** Power chain CSV (elements or feeds): all rows or none; a dry run reports every error and writes nothing. */
  'power.import': fileSourceRequest<PowerImportReport>()(z.object({ text: z.string().max(64 * 1024 * 1024), name: z.string().max(260) }).strict(), importInput),
} as const;
