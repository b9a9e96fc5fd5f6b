import { z } from 'zod';
import type { InventoryStats, SearchHit, SiteNode } from '../inventory/types';
import type { RackSummary, RoomDetail } from '../inventory/room';
import type { ChangeEntry } from '../inventory/change-log';
import type { DatabaseInfo, IntegrityReport, BackupResult } from '../db/maintenance';

/**
 * The API contract: every request the console, the CLI and the tests can make, named once, with a zod
 * schema for its input and the type of its result. Handlers implement it once (handlers.ts); the worker,
 * Electron IPC and the loopback HTTP transport are derived from it, and nothing else is reachable.
 */
function request<Result>() {
  return <Input extends z.ZodType>(input: Input) => ({ input, result: undefined as unknown as Result });
}

const id = z.number().int().positive();
const none = z.object({}).strict();

export const contract = {
  'inventory.stats': request<InventoryStats>()(none),
  'inventory.tree': request<SiteNode[]>()(none),
  'inventory.search': request<SearchHit[]>()(
    z.object({ query: z.string().max(200), limit: z.number().int().min(1).max(200).optional() }).strict(),
  ),
  'room.detail': request<RoomDetail>()(z.object({ roomId: id }).strict()),
  'room.racks': request<RackSummary[]>()(z.object({ roomId: id }).strict()),
  'changes.recent': request<ChangeEntry[]>()(z.object({ limit: z.number().int().min(1).max(1000).default(50) }).strict()),
  'db.info': request<DatabaseInfo>()(none),
  'db.check': request<IntegrityReport>()(none),
  'db.backup': request<BackupResult>()(z.object({ out: z.string().min(1).max(4096) }).strict()),
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

/** The one client shape the renderer talks to, whatever carries the call (IPC bridge or HTTP). */
export interface ApiClient {
  call<K extends RequestName>(name: K, input: RequestInput<K>): Promise<RequestResult<K>>;
}
