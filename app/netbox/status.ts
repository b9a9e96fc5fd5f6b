/**
 * Floorwalk's statuses in NetBox's choices. NetBox has no "missing" and no GPU "degraded" or "rma": those map to
 * the nearest NetBox status and the export and push report every such row, so nothing is lost silently.
 */
export const NETBOX_DEVICE_STATUSES = ['offline', 'active', 'planned', 'staged', 'failed', 'inventory', 'decommissioning'] as const;
export const NETBOX_ITEM_STATUSES = ['offline', 'active', 'planned', 'staged', 'failed', 'decommissioning'] as const;

export interface StatusMapping {
  readonly status: string;
  /** Set when the NetBox status says less than Floorwalk's. */
  readonly note?: string;
}

export function deviceStatusToNetbox(status: string): StatusMapping {
  if ((NETBOX_DEVICE_STATUSES as readonly string[]).includes(status)) return { status };
  if (status === 'missing') return { status: 'offline', note: 'NetBox has no "missing" device status; written as offline' };
  return { status: 'offline', note: `NetBox has no "${status}" device status; written as offline` };
}

export function gpuStatusToNetbox(status: string): StatusMapping {
  switch (status) {
    case 'ok':
      return { status: 'active' };
    case 'failed':
      return { status: 'failed' };
    case 'degraded':
      return { status: 'active', note: 'NetBox has no "degraded" item status; written as active' };
    case 'missing':
      return { status: 'offline', note: 'NetBox has no "missing" item status; written as offline' };
    case 'rma':
      return { status: 'decommissioning', note: 'NetBox has no "rma" item status; written as decommissioning' };
    default:
      return { status: 'offline', note: `NetBox has no "${status}" item status; written as offline` };
  }
}

/** NetBox's device status back in Floorwalk's words (every NetBox device status is also a Floorwalk one). */
export function deviceStatusFromNetbox(status: string): string {
  return (NETBOX_DEVICE_STATUSES as readonly string[]).includes(status) ? status : 'offline';
}
