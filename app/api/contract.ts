import type { z } from 'zod';
import type { ProgressEvent } from '../core/progress';
import { inventoryRequests } from './requests/inventory';
import { databaseRequests } from './requests/database';
import { floorRequests } from './requests/floor';
import { auditRequests } from './requests/audit';
import { editingRequests } from './requests/editing';
import { heatmapRequests } from './requests/heatmap';
import { telemetryRequests } from './requests/telemetry';
import { sessionRequests } from './requests/session';
import { healthRequests } from './requests/health';
import { powerRequests } from './requests/power';
import { capacityRequests } from './requests/capacity';
import { netboxRequests } from './requests/netbox';

/**
 * The API contract: every request the console, the CLI and the tests can make, named once, with a zod
 * schema for its input and the type of its result. Each domain declares its requests in requests/<domain>.ts
 * and implements them in handlers/<domain>.ts; the worker, Electron IPC and the loopback HTTP transport
 * are derived from this map, and nothing outside it is reachable.
 */
export const contract = {
  ...auditRequests,
  ...inventoryRequests,
  ...databaseRequests,
  ...floorRequests,
  ...editingRequests,
  ...heatmapRequests,
  ...telemetryRequests,
  ...sessionRequests,
  ...healthRequests,
  ...powerRequests,
  ...capacityRequests,
  ...netboxRequests,
} as const;

export type Contract = typeof contract;
export type RequestName = keyof Contract;
/** What a caller passes (defaults not yet applied). */
export type RequestInput<K extends RequestName> = z.input<Contract[K]['input']>;
/** What a handler receives (validated, defaults applied). */
export type RequestParsed<K extends RequestName> = z.output<Contract[K]['input']>;
export type RequestResult<K extends RequestName> = Contract[K]['result'];

export const REQUEST_NAMES = Object.freeze(Object.keys(contract) as RequestName[]);

export function isRequestName(name: unknown): name is RequestName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}

export interface CallOptions {
  /** Progress of long requests (imports, generation), at most every 100 ms, never backwards. */
  readonly onProgress?: (event: ProgressEvent) => void;
  /** Aborting cancels the request; a cancelled write rolls back. */
  readonly signal?: AbortSignal;
}

/** The one client shape the renderer talks to, whatever carries the call (IPC bridge or HTTP). */
export interface ApiClient {
  call<K extends RequestName>(name: K, input: RequestInput<K>, options?: CallOptions): Promise<RequestResult<K>>;
}
