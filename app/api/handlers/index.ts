import type { RequestName } from '../contract';
import type { HandlersFor } from './context';
import { inventoryHandlers } from './inventory';
import { databaseHandlers } from './database';
import { floorHandlers } from './floor';
import { auditHandlers } from './audit';
import { editingHandlers } from './editing';
import { heatmapHandlers } from './heatmap';
import { telemetryHandlers } from './telemetry';
import { sessionHandlers } from './session';
import { healthHandlers } from './health';
import { powerHandlers } from './power';
import { capacityHandlers } from './capacity';
import { netboxHandlers } from './netbox';

export type { HandlerContext } from './context';

/** The one implementation of the contract; the type fails to compile if a request has no handler. */
export const handlers: HandlersFor<RequestName> = {
  ...auditHandlers,
  ...inventoryHandlers,
  ...databaseHandlers,
  ...floorHandlers,
  ...editingHandlers,
  ...heatmapHandlers,
  ...telemetryHandlers,
  ...sessionHandlers,
  ...healthHandlers,
  ...powerHandlers,
  ...capacityHandlers,
  ...netboxHandlers,
};
