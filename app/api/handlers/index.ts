import type { RequestName } from '../contract';
import type { HandlersFor } from './context';
import { inventoryHandlers } from './inventory';
import { databaseHandlers } from './database';

export type { HandlerContext } from './context';

/** The one implementation of the contract; the type fails to compile if a request has no handler. */
export const handlers: HandlersFor<RequestName> = {
  ...inventoryHandlers,
  ...databaseHandlers,
};
