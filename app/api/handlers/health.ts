import type { healthRequests } from '../requests/health';
import type { HandlersFor } from './context';
import { healthReport } from '../../health/report';
import { closeCase, getCase, listCases, noteCase, openCase, swapCase } from '../../rma/cases';
import { serialHistory, slotHistory, slotHistoryOf } from '../../rma/history';

export const healthHandlers: HandlersFor<keyof typeof healthRequests> = {
  'health.report': (ctx, input) => healthReport(ctx.db, { roomId: input.roomId, kinds: input.kinds }),
  'rma.open': (ctx, input) =>
    openCase(ctx.db, { part: input.part, acceleratorId: input.acceleratorId, reason: input.reason, status: input.status, findingKind: input.findingKind, evidence: input.evidence }, input.by),
  'rma.note': (ctx, input) => noteCase(ctx.db, input.caseId, input.note, input.by, input.step),
  'rma.swap': (ctx, input) => swapCase(ctx.db, input.caseId, { newSerial: input.newSerial, removedSerial: input.removedSerial }, input.by),
  'rma.close': (ctx, input) => closeCase(ctx.db, input.caseId, input.by, input.note),
  'rma.list': (ctx, input) => listCases(ctx.db, input),
  'rma.get': (ctx, input) => getCase(ctx.db, input.caseId),
  'rma.slot': (ctx, input) => (input.part !== undefined ? slotHistoryOf(ctx.db, input.part) : slotHistory(ctx.db, input.deviceId ?? 0, input.slot ?? 0)),
  'rma.serial': (ctx, input) => serialHistory(ctx.db, input.serial),
};
