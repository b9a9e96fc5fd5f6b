/**
 * The one metric vocabulary. Every importer maps what a file calls a quantity (nvidia-smi field, DCGM field,
 * Redfish property, a spreadsheet column) onto one of these names and converts the value to its unit, so
 * the heatmap and the findings compare like with like. Pure: the renderer shows it in the preview.
 */

/** Canonical units. `C` is °C, `K` a temperature difference in kelvin, `bool` 0/1, `count` a plain number. */
export type CanonicalUnit =
  | 'C'
  | 'K'
  | '%'
  | 'W'
  | 'kW'
  | 'kWh'
  | 'J'
  | 'MiB'
  | 'MHz'
  | 'L/min'
  | 'kPa'
  | 'A'
  | 'us'
  | 'bool'
  | 'count'
  | 'bitmask'
  | 'pstate';

export interface MetricDef {
  readonly name: string;
  readonly unit: CanonicalUnit;
  /** What a technician reads in the preview and in the README. */
  readonly label: string;
  /**
   * Values outside [min, max] are physically implausible for this quantity: a known sentinel there is
   * skipped, anything else rejects the row, so a unit mix-up never lands in the heatmap.
   */
  readonly min: number;
  readonly max: number;
}

const T_MIN_C = -60;
const T_MAX_C = 200;
const MAX_LOOP_PRESSURE_KPA = 2500;
const MAX_LOOP_FLOW_LPM = 30_000;
const MAX_FACILITY_FLOW_LPM = 60_000;

function m(name: string, unit: CanonicalUnit, label: string, min: number, max: number): MetricDef {
  return { name, unit, label, min, max };
}

export const METRICS: readonly MetricDef[] = [
  // GPU
  m('gpu_temp_c', 'C', 'GPU core temperature', T_MIN_C, T_MAX_C),
  m('hbm_temp_c', 'C', 'GPU memory (HBM) temperature', T_MIN_C, T_MAX_C),
  m('gpu_tlimit_c', 'C', 'Margin to the GPU’s maximum operating temperature (negative = throttling)', -150, 150),
  m('gpu_slowdown_temp_c', 'C', 'GPU slowdown temperature threshold', T_MIN_C, T_MAX_C),
  m('gpu_shutdown_temp_c', 'C', 'GPU shutdown temperature threshold', T_MIN_C, T_MAX_C),
  m('gpu_power_w', 'W', 'GPU board power (1 s average)', 0, 5000),
  m('gpu_power_instant_w', 'W', 'GPU board power (instant)', 0, 5000),
  m('gpu_power_limit_w', 'W', 'GPU enforced power limit', 0, 5000),
  m('gpu_energy_j', 'J', 'GPU energy counter since driver load', 0, 1e18),
  m('gpu_util_pct', '%', 'GPU utilisation', 0, 100),
  m('mem_util_pct', '%', 'GPU memory bandwidth utilisation', 0, 100),
  m('gr_engine_active_pct', '%', 'Graphics engine active (DCGM profiling)', 0, 100),
  m('mem_used_mib', 'MiB', 'GPU memory used', 0, 1e9),
  m('mem_free_mib', 'MiB', 'GPU memory free', 0, 1e9),
  m('mem_total_mib', 'MiB', 'GPU memory total', 0, 1e9),
  m('sm_clock_mhz', 'MHz', 'SM clock', 0, 20000),
  m('mem_clock_mhz', 'MHz', 'Memory clock', 0, 20000),
  m('gr_clock_mhz', 'MHz', 'Graphics clock', 0, 20000),
  m('fan_speed_pct', '%', 'Fan speed', 0, 100),
  m('pstate', 'pstate', 'Performance state (0 = P0, fastest)', 0, 15),
  m('ecc_uncorrected', 'count', 'Uncorrected ECC errors (volatile)', 0, 1e15),
  m('ecc_corrected', 'count', 'Corrected ECC errors (volatile)', 0, 1e15),
  m('ecc_uncorrected_aggregate', 'count', 'Uncorrected ECC errors (lifetime)', 0, 1e15),
  m('ecc_corrected_aggregate', 'count', 'Corrected ECC errors (lifetime)', 0, 1e15),
  m('xid_last', 'count', 'Last XID error code', 0, 1e6),
  m('pcie_replay', 'count', 'PCIe replay counter', 0, 1e15),
  m('remapped_rows_pending', 'bool', 'Row remapping pending', 0, 1),
  m('remapped_rows_failure', 'bool', 'Row remapping failed', 0, 1),
  m('remapped_rows_uncorrectable', 'count', 'Rows remapped for uncorrectable errors', 0, 1e9),
  m('throttle_reasons', 'bitmask', 'Clock event (throttle) reasons bitmask', 0, 2 ** 53),
  m('throttle_thermal', 'bool', 'Thermal throttling (HW or SW thermal slowdown)', 0, 1),
  m('throttle_power', 'bool', 'Power throttling (SW power cap or HW power brake)', 0, 1),
  m('thermal_violation_us', 'us', 'Time spent thermally throttled (counter)', 0, 1e18),
  m('power_violation_us', 'us', 'Time spent power throttled (counter)', 0, 1e18),
  // Air and racks
  m('inlet_temp_c', 'C', 'Inlet (intake) air temperature', T_MIN_C, T_MAX_C),
  m('outlet_temp_c', 'C', 'Outlet (exhaust) air temperature', T_MIN_C, T_MAX_C),
  m('air_temp_c', 'C', 'Air temperature (sensor position not known)', T_MIN_C, T_MAX_C),
  m('delta_t_k', 'K', 'Air temperature rise across the rack (outlet − inlet)', -50, 100),
  m('humidity_pct', '%', 'Relative humidity', 0, 100),
  m('dew_point_c', 'C', 'Dew point', T_MIN_C, 100),
  m('rack_power_w', 'W', 'Power drawn (rack or PDU)', 0, 2e6),
  m('rack_energy_kwh', 'kWh', 'Energy counter (rack or PDU)', 0, 1e12),
  m('rack_current_a', 'A', 'Current (rack or PDU phase)', 0, 5000),
  // Liquid loop
  m('coolant_supply_c', 'C', 'Coolant supply temperature (to the racks)', T_MIN_C, T_MAX_C),
  m('coolant_return_c', 'C', 'Coolant return temperature (from the racks)', T_MIN_C, T_MAX_C),
  m('coolant_delta_t_k', 'K', 'Coolant temperature rise (return − supply)', -50, 100),
  // Liquid loops run below PN25 (2,500 kPa) and the largest CDUs move a few thousand L/min: a Modbus
  // register's 65535 or 6553.5 is then implausible and skipped as a sentinel, not stored as a reading.
  m('coolant_flow_lpm', 'L/min', 'Coolant flow', 0, MAX_LOOP_FLOW_LPM),
  m('coolant_pressure_kpa', 'kPa', 'Coolant differential pressure', -MAX_LOOP_PRESSURE_KPA, MAX_LOOP_PRESSURE_KPA),
  m('coolant_supply_pressure_kpa', 'kPa', 'Coolant supply pressure', -200, MAX_LOOP_PRESSURE_KPA),
  m('coolant_return_pressure_kpa', 'kPa', 'Coolant return pressure', -200, MAX_LOOP_PRESSURE_KPA),
  m('facility_supply_c', 'C', 'Facility (primary) water supply temperature', T_MIN_C, T_MAX_C),
  m('facility_return_c', 'C', 'Facility (primary) water return temperature', T_MIN_C, T_MAX_C),
  m('facility_flow_lpm', 'L/min', 'Facility (primary) water flow', 0, MAX_FACILITY_FLOW_LPM),
  m('facility_pressure_kpa', 'kPa', 'Facility (primary) water differential pressure', -MAX_LOOP_PRESSURE_KPA, MAX_LOOP_PRESSURE_KPA),
  m('facility_supply_pressure_kpa', 'kPa', 'Facility (primary) water supply pressure', -200, MAX_LOOP_PRESSURE_KPA),
  m('facility_return_pressure_kpa', 'kPa', 'Facility (primary) water return pressure', -200, MAX_LOOP_PRESSURE_KPA),
  m('heat_removed_kw', 'kW', 'Heat removed by the CDU', -100, 100000),
  m('cdu_power_kw', 'kW', 'CDU electrical power', 0, 10000),
  m('pump_speed_pct', '%', 'Pump speed', 0, 100),
  m('leak', 'bool', 'Leak detected (1) or not (0)', 0, 1),
];

const BY_NAME = new Map(METRICS.map((def, index) => [def.name, index]));

/** Index of a canonical metric name in METRICS, or -1. */
export function metricIndex(name: string): number {
  return BY_NAME.get(name) ?? -1;
}

export function metricDef(name: string): MetricDef {
  const index = BY_NAME.get(name);
  if (index === undefined) throw new Error(`unknown metric ${name}`);
  return METRICS[index] as MetricDef;
}

/** How a canonical unit is written for people. */
export function unitLabel(unit: CanonicalUnit): string {
  switch (unit) {
    case 'C':
      return '°C';
    case 'bool':
      return '0/1';
    case 'count':
    case 'pstate':
      return '';
    default:
      return unit;
  }
}
