import { contextBridge, ipcRenderer } from 'electron';
import { REQUEST_NAMES } from '../../app/api/contract';

const CHANNEL_PREFIX = 'floorwalk:';
const allowed = new Set<string>(REQUEST_NAMES);

/**
 * The whole surface the page gets: one `call(name, input)` that reaches only contract requests. No
 * ipcRenderer, no Node, no arbitrary channel.
 */
contextBridge.exposeInMainWorld('floorwalk', {
  call: (name: string, input: unknown): Promise<unknown> => {
    if (!allowed.has(name)) return Promise.reject(new Error(`unknown request ${name}`));
    return ipcRenderer.invoke(`${CHANNEL_PREFIX}${name}`, input) as Promise<unknown>;
  },
});
