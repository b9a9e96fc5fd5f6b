/**
 * nvidia-smi `--query-gpu` field names and DCGM field names, mapped onto the metric vocabulary. Pure.
 */

/** How a cell becomes a number. `throttle` is the clocks_event_reasons bitmask, which also yields the two flags. */
export type ValueKind = 'number' | 'flag' | 'pstate' | 'bitmask' | 'throttle';

export type IdentityRole = 'timestamp' | 'uuid' | 'serial' | 'bus' | 'index' | 'hostname' | 'model' | 'device';

export interface GpuField {
  readonly role?: IdentityRole;
  readonly metric?: string;
  readonly kind?: ValueKind;
  /** The unit a value has when neither header nor cell names one (nvidia-smi noheader/nounits). */
  readonly defaultUnit?: string;
  /** Several columns feeding one metric keep the largest (flags: any of them set). */
  readonly combine?: 'max' | 'first';
  /** Extra factor before unit conversion (DCGM ratios 0..1 → %). */
  readonly factor?: number;
}

/** clocks_event_reasons bits (nvml.h): SW/HW thermal slowdown, SW power cap, HW power brake. */
export const THROTTLE_THERMAL_MASK = 0x20 | 0x40;
export const THROTTLE_POWER_MASK = 0x04 | 0x80;

const number = (metric: string, defaultUnit?: string, combine: 'max' | 'first' = 'first'): GpuField => ({
  metric,
  kind: 'number',
  combine,
  ...(defaultUnit ? { defaultUnit } : {}),
});
const flag = (metric: string): GpuField => ({ metric, kind: 'flag', combine: 'max' });

const NVSMI: ReadonlyMap<string, GpuField> = new Map<string, GpuField>([
  ['timestamp', { role: 'timestamp' }],
  ['uuid', { role: 'uuid' }],
  ['gpu_uuid', { role: 'uuid' }],
  ['serial', { role: 'serial' }],
  ['gpu_serial', { role: 'serial' }],
  ['pci.bus_id', { role: 'bus' }],
  ['gpu_bus_id', { role: 'bus' }],
  ['index', { role: 'index' }],
  ['name', { role: 'model' }],
  ['gpu_name', { role: 'model' }],
  ['temperature.gpu', number('gpu_temp_c', 'C')],
  ['temperature.memory', number('hbm_temp_c', 'C')],
  ['temperature.gpu.tlimit', number('gpu_tlimit_c', 'C')],
  ['power.draw', number('gpu_power_w', 'W')],
  ['power.draw.average', number('gpu_power_w', 'W')],
  ['power.draw.instant', number('gpu_power_instant_w', 'W')],
  ['enforced.power.limit', number('gpu_power_limit_w', 'W')],
  ['power.limit', number('gpu_power_limit_w', 'W')],
  ['utilization.gpu', number('gpu_util_pct', '%')],
  ['utilization.memory', number('mem_util_pct', '%')],
  ['memory.used', number('mem_used_mib', 'MiB')],
  ['memory.free', number('mem_free_mib', 'MiB')],
  ['memory.total', number('mem_total_mib', 'MiB')],
  ['clocks.current.sm', number('sm_clock_mhz', 'MHz')],
  ['clocks.sm', number('sm_clock_mhz', 'MHz')],
  ['clocks.current.memory', number('mem_clock_mhz', 'MHz')],
  ['clocks.mem', number('mem_clock_mhz', 'MHz')],
  ['clocks.current.graphics', number('gr_clock_mhz', 'MHz')],
  ['clocks.gr', number('gr_clock_mhz', 'MHz')],
  ['fan.speed', number('fan_speed_pct', '%')],
  ['pstate', { metric: 'pstate', kind: 'pstate', combine: 'first' }],
  ['ecc.errors.uncorrected.volatile.total', number('ecc_uncorrected')],
  ['ecc.errors.corrected.volatile.total', number('ecc_corrected')],
  ['ecc.errors.uncorrected.aggregate.total', number('ecc_uncorrected_aggregate')],
  ['ecc.errors.corrected.aggregate.total', number('ecc_corrected_aggregate')],
  ['clocks_event_reasons.active', { metric: 'throttle_reasons', kind: 'throttle', combine: 'first' }],
  ['clocks_event_reasons.hw_thermal_slowdown', flag('throttle_thermal')],
  ['clocks_event_reasons.sw_thermal_slowdown', flag('throttle_thermal')],
  ['clocks_event_reasons.sw_power_cap', flag('throttle_power')],
  ['clocks_event_reasons.hw_power_brake_slowdown', flag('throttle_power')],
  ['remapped_rows.pending', flag('remapped_rows_pending')],
  ['remapped_rows.failure', flag('remapped_rows_failure')],
  ['remapped_rows.uncorrectable', number('remapped_rows_uncorrectable')],
]);

/** An nvidia-smi header cell ("power.draw [W]") as field name and unit text. */
export function splitNvsmiHeader(cell: string): { field: string; unit: string } {
  const trimmed = cell.trim();
  const bracket = /^(.*?)\s*\[([^\]]*)\]$/.exec(trimmed);
  const field = (bracket ? (bracket[1] ?? '') : trimmed).trim();
  return { field, unit: bracket ? (bracket[2] ?? '').trim() : '' };
}

/** The field's meaning; the old `clocks_throttle_reasons.*` names are read as `clocks_event_reasons.*`. */
export function nvsmiField(field: string): GpuField | undefined {
  const name = field.trim().toLowerCase().replace(/^clocks_throttle_reasons\./, 'clocks_event_reasons.');
  return NVSMI.get(name);
}

/** True when a cell looks like an nvidia-smi field name, for telling a header from a data row. */
export function looksLikeNvsmiField(cell: string): boolean {
  const { field } = splitNvsmiHeader(cell);
  return nvsmiField(field) !== undefined || /^[a-z][a-z_]*(\.[a-z_]+)+$/.test(field);
}

const DCGM: ReadonlyMap<string, GpuField> = new Map<string, GpuField>([
  ['DCGM_FI_DEV_GPU_TEMP', number('gpu_temp_c')],
  ['DCGM_FI_DEV_MEMORY_TEMP', number('hbm_temp_c')],
  ['DCGM_FI_DEV_SLOWDOWN_TEMP', number('gpu_slowdown_temp_c')],
  ['DCGM_FI_DEV_SHUTDOWN_TEMP', number('gpu_shutdown_temp_c')],
  ['DCGM_FI_DEV_POWER_USAGE', number('gpu_power_w')],
  ['DCGM_FI_DEV_BOARD_POWER', number('gpu_power_w')],
  ['DCGM_FI_DEV_POWER_USAGE_INSTANT', number('gpu_power_instant_w')],
  ['DCGM_FI_DEV_POWER_MGMT_LIMIT', number('gpu_power_limit_w')],
  ['DCGM_FI_DEV_ENFORCED_POWER_LIMIT', number('gpu_power_limit_w')],
  ['DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION', { metric: 'gpu_energy_j', kind: 'number', combine: 'first', defaultUnit: 'mJ' }],
  ['DCGM_FI_DEV_GPU_UTIL', number('gpu_util_pct')],
  ['DCGM_FI_DEV_MEM_COPY_UTIL', number('mem_util_pct')],
  ['DCGM_FI_PROF_GR_ENGINE_ACTIVE', { metric: 'gr_engine_active_pct', kind: 'number', combine: 'first', factor: 100 }],
  ['DCGM_FI_DEV_FB_USED', number('mem_used_mib')],
  ['DCGM_FI_DEV_FB_FREE', number('mem_free_mib')],
  ['DCGM_FI_DEV_FB_TOTAL', number('mem_total_mib')],
  ['DCGM_FI_DEV_SM_CLOCK', number('sm_clock_mhz')],
  ['DCGM_FI_DEV_MEM_CLOCK', number('mem_clock_mhz')],
  ['DCGM_FI_DEV_FAN_SPEED', number('fan_speed_pct')],
  ['DCGM_FI_DEV_PSTATE', number('pstate')],
  ['DCGM_FI_DEV_XID_ERRORS', number('xid_last')],
  ['DCGM_FI_DEV_PCIE_REPLAY_COUNTER', number('pcie_replay')],
  ['DCGM_FI_DEV_ECC_DBE_VOL_TOTAL', number('ecc_uncorrected')],
  ['DCGM_FI_DEV_ECC_SBE_VOL_TOTAL', number('ecc_corrected')],
  ['DCGM_FI_DEV_ECC_DBE_AGG_TOTAL', number('ecc_uncorrected_aggregate')],
  ['DCGM_FI_DEV_ECC_SBE_AGG_TOTAL', number('ecc_corrected_aggregate')],
  ['DCGM_FI_DEV_UNCORRECTABLE_REMAPPED_ROWS', number('remapped_rows_uncorrectable')],
  ['DCGM_FI_DEV_ROW_REMAP_FAILURE', number('remapped_rows_failure')],
  ['DCGM_FI_DEV_ROW_REMAP_PENDING', number('remapped_rows_pending')],
  ['DCGM_FI_DEV_CLOCK_THROTTLE_REASONS', { metric: 'throttle_reasons', kind: 'throttle', combine: 'first' }],
  ['DCGM_FI_DEV_CLOCKS_EVENT_REASONS', { metric: 'throttle_reasons', kind: 'throttle', combine: 'first' }],
  ['DCGM_FI_DEV_THERMAL_VIOLATION', { metric: 'thermal_violation_us', kind: 'number', combine: 'first', defaultUnit: 'us' }],
  ['DCGM_FI_DEV_POWER_VIOLATION', { metric: 'power_violation_us', kind: 'number', combine: 'first', defaultUnit: 'us' }],
]);

/** DCGM 4.6 spells the unit into the name and keeps the old names as aliases. */
const DCGM_UNIT_SUFFIX = /_(CELSIUS|WATTS|MILLIJOULES|MHZ|PERCENT|MIB|COUNT|US|NS)$/;

/** Known DCGM labels: identity, not readings. */
export const DCGM_LABELS = {
  uuid: ['UUID', 'uuid', 'gpu_uuid'],
  host: ['Hostname', 'hostname', 'host', 'instance_hostname', 'node', 'nodename'],
  bus: ['pci_bus_id', 'PCI_BUS_ID', 'pci.bus_id', 'bus_id'],
  index: ['gpu', 'GPU', 'gpu_index', 'index'],
  serial: ['serial', 'Serial', 'gpu_serial'],
  /** MIG: dcgm-exporter labels a GPU instance's samples with its GPU instance id and profile. */
  mig: ['GPU_I_ID', 'gpu_i_id'],
  migProfile: ['GPU_I_PROFILE', 'gpu_i_profile'],
} as const;

export function dcgmField(name: string): GpuField | undefined {
  const upper = name.trim().toUpperCase();
  const direct = DCGM.get(upper);
  if (direct) return direct;
  const stripped = upper.replace(DCGM_UNIT_SUFFIX, '');
  return DCGM.get(stripped);
}
