import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { REQUEST_NAMES } from '../../app/api/contract';
import { toErrorData } from '../../app/core/errors';
import type { DbWorkerClient } from '../worker/db-client';

/** IPC channels are derived from the contract: one `floorwalk:<request>` channel per request, no others. */
export const CHANNEL_PREFIX = 'floorwalk:';

export type IpcReply = { ok: true; result: unknown } | { ok: false; error: ReturnType<typeof toErrorData> };

/**
 * Registers one handler per contract request. Each checks that the call comes from our own page (the
 * top frame loaded from the app bundle), forwards it to the database worker, where dispatch validates the
 * payload with the request's zod schema, and returns data or error data, never a thrown object.
 */
export function registerIpcHandlers(client: DbWorkerClient, trustedUrlPrefix: string, actor: string): void {
  for (const name of REQUEST_NAMES) {
    ipcMain.handle(`${CHANNEL_PREFIX}${name}`, async (event: IpcMainInvokeEvent, input: unknown): Promise<IpcReply> => {
      const frame = event.senderFrame;
      if (!frame || frame.parent !== null || !frame.url.startsWith(trustedUrlPrefix)) {
        return { ok: false, error: { code: 'invalid_input', message: 'request from an untrusted frame refused' } };
      }
      try {
        return { ok: true, result: await client.call(name, input, actor) };
      } catch (error) {
        return { ok: false, error: toErrorData(error) };
      }
    });
  }
}
