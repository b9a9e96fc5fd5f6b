import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { REQUEST_NAMES } from '../../app/api/contract';

const CHANNEL_PREFIX = 'floorwalk:';
const CANCEL_CHANNEL = 'floorwalk:cancel';
const PROGRESS_CHANNEL = 'floorwalk:progress';
const PRINT_PDF_CHANNEL = 'floorwalk:print-pdf';
const allowed = new Set<string>(REQUEST_NAMES);

/**
 * The whole surface the page gets: call a contract request, cancel it, listen to its progress. No
 * ipcRenderer, no Node, no arbitrary channel.
 */
contextBridge.exposeInMainWorld('floorwalk', {
  call: (name: string, input: unknown, callId?: string): Promise<unknown> => {
    if (!allowed.has(name)) return Promise.reject(new Error(`unknown request ${name}`));
    return ipcRenderer.invoke(`${CHANNEL_PREFIX}${name}`, input, callId) as Promise<unknown>;
  },
  cancel: (callId: string): void => {
    ipcRenderer.send(CANCEL_CHANNEL, callId);
  },
  /** Desktop only: save a self-contained HTML report as a PDF (Chromium's printToPDF, A4). */
  savePdf: (html: string, suggestedName: string): Promise<unknown> => ipcRenderer.invoke(PRINT_PDF_CHANNEL, html, suggestedName) as Promise<unknown>,
  onProgress: (listener: (message: { callId: string; progress: unknown }) => void): (() => void) => {
    const wrapped = (_event: IpcRendererEvent, message: { callId: string; progress: unknown }): void => listener(message);
    ipcRenderer.on(PROGRESS_CHANNEL, wrapped);
    return () => {
      ipcRenderer.removeListener(PROGRESS_CHANNEL, wrapped);
    };
  },
});
