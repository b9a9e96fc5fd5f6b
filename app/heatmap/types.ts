/** What the heatmap requests return (types only, shared by the core, the CLI and the renderer). */
import type { AshraeClass } from '../inventory/types';
import type { BandId } from './bands';
import type { CoolantMedium } from './heat-balance';
import type { ThresholdKey, Thresholds } from './thresholds';

export type HeatmapMetric = 'inlet' | 'gpu' | 'power' | 'delta';
export const HEATMAP_METRICS: readonly HeatmapMetric[] = ['inlet', 'gpu', 'power', 'delta'];

export const METRIC_LABELS: Readonly<Record<HeatmapMetric, string>> = {
  inlet: 'Inlet temperature',
  gpu: 'Hottest GPU',
  power: 'Rack power',
  delta: 'Rack ΔT (outlet − inlet)',
};

export const METRIC_UNITS: Readonly<Record<HeatmapMetric, string>> = { inlet: '°C', gpu: '°C', power: 'kW', delta: 'K' };

export interface HeatmapRoom {
  readonly id: number;
  readonly name: string;
  readonly siteCode: string;
  /** IANA time zone of the site, so times read as the hall's wall clock. */
  readonly timeZone: string;
  readonly ashraeClass: AshraeClass;
  readonly widthTiles: number;
  readonly depthTiles: number;
  readonly tileMm: number;
}

/** One rack's thermal state at the frame's time; null where no reading stands for that time. */
export interface RackState {
  readonly rackId: number;
  readonly name: string;
  /** Worst (highest) inlet reading at the rack: its own inlet_temp_c and its inlet sensors, °C. */
  readonly inletC: number | null;
  readonly outletC: number | null;
  /** Outlet − inlet, K (a reported delta_t_k wins over the difference). */
  readonly deltaK: number | null;
  readonly hottestGpuC: number | null;
  /** Which GPU is the hottest (hostname / slot or UUID). */
  readonly hottestGpu: string | null;
  readonly gpusReporting: number;
  /** GPUs at or above (slowdown − margin) and at or below max operating / above max operating. */
  readonly gpusNearSlowdown: number;
  readonly gpusAboveMaxOperating: number;
  /** Lowest temperature.gpu.tlimit (margin to max operating), °C, and how many GPUs are below zero. */
  readonly minTlimitC: number | null;
  readonly minTlimitGpu: string | null;
  readonly gpusTlimitNegative: number;
  readonly hottestHbmC: number | null;
  readonly gpusThrottleThermal: number;
  readonly gpusThrottlePower: number;
  /** Rack power, kW: the rack's own rack_power_w, else the sum over its PDUs. */
  readonly powerKw: number | null;
}

/** What a CDU is and what it reports: shared by its raw readings and the loop view derived from them. */
export interface CduBase {
  readonly cduId: number;
  readonly cdu: string;
  readonly loopId: number | null;
  readonly loop: string | null;
  readonly medium: CoolantMedium;
  readonly capacityKw: number;
  readonly supplyC: number | null;
  readonly returnC: number | null;
  readonly flowLpm: number | null;
  /** What the CDU itself reports (HeatRemovedkW), kW. */
  readonly heatRemovedKw: number | null;
  /** Sum of the power of the loop's racks that report it, kW, and how many racks the loop has. */
  readonly rackPowerKw: number | null;
  readonly racks: number;
  readonly leak: boolean;
}

export interface LoopState extends CduBase {
  /** Return − supply, K (a reported coolant_delta_t_k wins). */
  readonly deltaTK: number | null;
  /** ṁ·cp·ΔT from flow and ΔT with the loop medium's properties, kW. */
  readonly heatCarriedKw: number | null;
  /** How many of the loop's racks report their power. */
  readonly racksWithPower: number;
  /** rackPowerKw × liquid capture share: the heat the coolant should carry, kW. */
  readonly expectedHeatKw: number | null;
  /** The flow that carries the expected heat at the ΔT limit, L/min. */
  readonly requiredFlowLpm: number | null;
}

export type FindingKind =
  | 'inlet_above_allowable'
  | 'inlet_above_recommended'
  | 'gpu_above_max_operating'
  | 'gpu_tlimit_negative'
  | 'gpu_near_slowdown'
  | 'hbm_above_max'
  | 'gpu_throttle_thermal'
  | 'gpu_throttle_power'
  | 'leak'
  | 'cdu_flow_low'
  | 'cdu_delta_t_high'
  | 'cdu_heat_balance'
  | 'sensor_silent';

export type Severity = 'critical' | 'warning';

export interface Finding {
  readonly kind: FindingKind;
  readonly severity: Severity;
  /** The rack to open for this finding; null for a CDU or a sensor on no rack. */
  readonly rackId: number | null;
  readonly rack: string | null;
  /** What the finding is about: the rack, a GPU, a CDU, a sensor. */
  readonly target: string;
  readonly value: number;
  readonly threshold: number;
  readonly unit: string;
  /** How many GPUs (or readings) share this finding in the rack. */
  readonly count: number;
  readonly message: string;
  /** For CDU findings: the cooling unit, so the loop table can highlight it. */
  readonly cduId: number | null;
}

export interface SilentTarget {
  readonly target: string;
  readonly rackId: number | null;
  readonly rack: string | null;
  readonly lastMs: number;
  /** The target's usual interval between readings, ms. */
  readonly intervalMs: number;
  /** How long it has been silent: from its last reading to the room's latest reading at or before T, ms. */
  readonly silentMs: number;
}

export interface LeakState {
  readonly target: string;
  readonly rackId: number | null;
  readonly rack: string | null;
  readonly cduId: number | null;
}

export interface LegendBand {
  readonly id: BandId;
  readonly label: string;
  /** null for the open ends (JSON has no infinity). */
  readonly fromC: number | null;
  readonly toC: number | null;
  readonly color: string;
}

export interface TimeRange {
  /** ISO times of the first and last reading of the room, null without telemetry. */
  readonly first: string | null;
  readonly last: string | null;
  readonly stepMs: number;
  /** The slider's stops, epoch ms. */
  readonly stops: readonly number[];
}

export interface FieldSources {
  /** Tile coordinates and °C of every inlet reading that stands for the frame's time. */
  readonly xs: readonly number[];
  readonly ys: readonly number[];
  readonly values: readonly number[];
  /** Which source each point is (rack inlet or floor/inlet sensor), for tooltips: "R01-03" / "DH1-FLOOR-07". */
  readonly names: readonly string[];
}

export interface FieldParams {
  readonly cellsPerTile: number;
  readonly radiusTiles: number;
}

export interface HeatmapFrame {
  readonly room: HeatmapRoom;
  readonly metric: HeatmapMetric;
  /** The time shown (ISO), null when the room has no telemetry. */
  readonly at: string | null;
  readonly atMs: number | null;
  readonly range: TimeRange;
  readonly field: FieldParams;
  readonly points: FieldSources;
  /** The racks with at least one reading at the frame's time; a rack not listed has none. */
  readonly racks: readonly RackState[];
  /** Extremes of the chosen metric over the frame (sources for inlet, racks otherwise), null when none. */
  readonly min: number | null;
  readonly max: number | null;
  readonly bands: readonly LegendBand[];
  readonly thresholds: Thresholds;
}

export interface HeatmapTimeline {
  readonly roomId: number;
  /** The site's IANA time zone, so the slider reads as the hall's wall clock. */
  readonly timeZone: string;
  readonly range: TimeRange;
  /** Per stop: how many readings of the room fall in the bucket ending there, and the hottest inlet. */
  readonly buckets: ReadonlyArray<{ readonly atMs: number; readonly readings: number; readonly maxInletC: number | null }>;
}

export interface HeatmapFindings {
  readonly roomId: number;
  readonly at: string | null;
  readonly findings: readonly Finding[];
}

export interface HeatmapLoops {
  readonly roomId: number;
  readonly at: string | null;
  readonly loops: readonly LoopState[];
}

export interface ThresholdRow {
  readonly key: ThresholdKey;
  readonly label: string;
  readonly doc: string;
  readonly kind: string;
  /** Stored SI value in effect (the room's own or the default). */
  readonly value: number;
  readonly defaultValue: number;
  /** True when the room sets its own value. */
  readonly custom: boolean;
  readonly min: number;
  readonly max: number;
}

export interface HeatmapThresholds {
  readonly roomId: number;
  readonly ashraeClass: AshraeClass;
  readonly thresholds: Thresholds;
  readonly rows: readonly ThresholdRow[];
}
