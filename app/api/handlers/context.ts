import type { Db } from '../../db/open';
import type { ProgressSink } from '../../core/progress';
import type { RequestName, RequestParsed, RequestResult } from '../contract';
import type { Caller } from '../requests/define';
import type { Encryptor } from '../../netbox/token-store';

export interface HandlerContext {
  readonly db: Db;
  readonly dbPath: string;
  /** Who the change log names for writes made through this context. */
  readonly actor: string;
  /**
   * Who carried the call. The worker (Electron IPC, browser-mode HTTP) says `console`, and the CLI `cli`;
   * omitted means `console`, the narrower one, so a context built without thought never accepts paths.
   */
  readonly caller?: Caller;
  readonly onProgress?: ProgressSink;
  /** Set by a transport when the caller cancels; long handlers check it between steps. */
  readonly signal?: AbortSignal;
  /**
   * The desktop app's OS keychain (Electron safeStorage, reached from the worker through its owner): secrets
   * such as NetBox tokens are sealed with it. Absent in the CLI and browser mode: they use a 0600 file.
   */
  readonly secrets?: Encryptor;
}

export type Handler<K extends RequestName> = (ctx: HandlerContext, input: RequestParsed<K>) => RequestResult<K> | Promise<RequestResult<K>>;

/** Handlers for a subset of the contract (one domain). */
export type HandlersFor<Names extends RequestName> = { [K in Names]: Handler<K> };
