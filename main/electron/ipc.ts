import { ipcMain, type IpcMainEvent, type IpcMainInvokeEvent } from 'electron';
import { REQUEST_NAMES } from '../../app/api/contract';
import { toErrorData } from '../../app/core/errors';
import type { DbWorkerClient } from '../worker/db-client';
import { isTrustedSender } from './hardening';
import { PRINT_PDF_CHANNEL, saveHtmlAsPdf } from './print-pdf';

/**
 * IPC channels are derived from the contract: one `floorwalk:<request>` channel per request, plus
 * `floorwalk:cancel` (renderer → main) and `floorwalk:progress` (main → renderer). No others exist.
 */
export const CHANNEL_PREFIX = 'floorwalk:';
export const CANCEL_CHANNEL = 'floorwalk:cancel';
export const PROGRESS_CHANNEL = 'floorwalk:progress';

export type IpcReply = { ok: true; result: unknown } | { ok: false; error: ReturnType<typeof toErrorData> };

function trusted(event: IpcMainInvokeEvent | IpcMainEvent, trustedUrl: string): boolean {
  return isTrustedSender(event.senderFrame, trustedUrl);
}

/**
 * Registers one handler per contract request. Each checks that the call comes from our own page (the top
 * frame, exactly the app's index.html), forwards it to the database worker, where dispatch validates the
 * payload with the request's zod schema, and returns data or error data, never a thrown object.
 */
export function registerIpcHandlers(client: DbWorkerClient, trustedUrl: string, actor: string): void {
  const running = new Map<string, AbortController>();
  for (const name of REQUEST_NAMES) {
    ipcMain.handle(`${CHANNEL_PREFIX}${name}`, async (event: IpcMainInvokeEvent, input: unknown, callId: unknown): Promise<IpcReply> => {
      if (!trusted(event, trustedUrl)) {
        return { ok: false, error: { code: 'invalid_input', message: 'request from an untrusted frame refused' } };
      }
      const id = typeof callId === 'string' && callId.length <= 64 ? callId : null;
      const controller = new AbortController();
      if (id) running.set(id, controller);
      try {
        const onProgress = id ? (progress: unknown) => event.sender.send(PROGRESS_CHANNEL, { callId: id, progress }) : undefined;
        return { ok: true, result: await client.call(name, input, actor, onProgress, controller.signal) };
      } catch (error) {
        return { ok: false, error: toErrorData(error) };
      } finally {
        if (id) running.delete(id);
      }
    });
  }
  ipcMain.on(CANCEL_CHANNEL, (event: IpcMainEvent, callId: unknown) => {
    if (trusted(event, trustedUrl) && typeof callId === 'string') running.get(callId)?.abort();
  });
  ipcMain.handle(PRINT_PDF_CHANNEL, async (event: IpcMainInvokeEvent, html: unknown, suggestedName: unknown) => {
    if (!trusted(event, trustedUrl)) return { ok: false, error: { code: 'invalid_input', message: 'request from an untrusted frame refused' } };
    return saveHtmlAsPdf(event.sender, html, suggestedName);
  });
}
