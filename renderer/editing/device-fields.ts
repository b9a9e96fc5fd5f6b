import type { DeviceTypeInfo } from '../../app/inventory/detail-types';
import { DEVICE_STATUSES, type DeviceCategory, type DeviceStatus } from '../../app/inventory/types';
import { CATEGORY_LABELS } from '../../app/render/elevation';
import type { SelectOption } from './form-types';

/** The role a new device of a category usually gets (the demo's and most operators' naming). */
export const DEFAULT_ROLES: Readonly<Record<DeviceCategory, string>> = {
  gpu_server: 'gpu-node',
  server: 'management',
  switch: 'leaf',
  storage: 'storage',
  pdu: 'pdu',
  cdu: 'cdu',
  patch_panel: 'patch',
};

export const ROLE_SUGGESTIONS: readonly string[] = ['gpu-node', 'ib-leaf', 'leaf', 'spine', 'mgmt-switch', 'management', 'storage', 'pdu', 'cdu', 'patch'];

export const STATUS_OPTIONS: readonly SelectOption[] = DEVICE_STATUSES.map((s: DeviceStatus) => ({ value: s, label: s }));

export function typeOptions(types: readonly DeviceTypeInfo[]): SelectOption[] {
  return [...types]
    .sort((a, b) => a.category.localeCompare(b.category) || a.vendor.localeCompare(b.vendor) || a.model.localeCompare(b.model))
    .map((t) => ({
      value: String(t.id),
      label: `${t.vendor} ${t.model} · ${t.uHeight === 0 ? '0U' : `${t.uHeight}U`} · ${(t.maxPowerW / 1000).toFixed(1)} kW`,
      group: CATEGORY_LABELS[t.category],
    }));
}
