import { interpolateCividis, interpolateRdYlGn, interpolateTurbo, interpolateViridis, scaleSequential } from 'd3';
import { footprint, frontEdge, type AisleKind, type TileRect } from '../floor/geometry';
import type { FloorData, FloorRack, RackHealth } from '../floor/types';
import { ASHRAE_ENVELOPES } from '../heatmap/bands';
import { healthColouring } from './health-colouring';
import type { CoolingUnitKind } from '../inventory/types';

/**
 * The floor map as a list of shapes and labels in tile coordinates (x east, y south), plus the legend:
 * a pure function of the room's data and what to colour by. The console's canvas and the SVG export both
 * draw this one scene, so what a technician sees and what they export cannot drift apart.
 */

export type ColorBy = 'power' | 'gpus' | 'status' | 'audit' | 'inlet' | 'gpu-temp' | 'health';

export const COLOR_BY_OPTIONS: ReadonlyArray<{ readonly key: ColorBy; readonly label: string }> = [
  { key: 'power', label: 'Power vs budget' },
  { key: 'gpus', label: 'Accelerators' },
  { key: 'status', label: 'Device status' },
  { key: 'audit', label: 'Audit progress' },
  { key: 'inlet', label: 'Inlet temperature' },
  { key: 'gpu-temp', label: 'Hottest GPU' },
  { key: 'health', label: 'GPU health & leaks' },
];

export const COLOR_BY_KEYS: readonly ColorBy[] = COLOR_BY_OPTIONS.map((o) => o.key);

export function isColorBy(value: unknown): value is ColorBy {
  return typeof value === 'string' && (COLOR_BY_KEYS as readonly string[]).includes(value);
}

/** The map's fixed palette (dark, for a dim hall and a dark console), shared by canvas and SVG. */
export const FLOOR_THEME = {
  background: '#0b0e12',
  floor: '#141a21',
  gridMinor: '#1c232c',
  gridMajor: '#26303b',
  wall: '#8b98a8',
  rackStroke: '#0b0e12',
  front: '#e8edf3',
  text: '#e8edf3',
  textMuted: '#9aa7b6',
  halo: '#0b0e12',
  selection: '#4aa3ff',
  hover: '#ffffff',
  invalid: '#f85149',
  valid: '#3fb950',
  noData: '#3a424d',
  sensor: '#c9d4e0',
  aisle: { cold: 'rgba(74, 163, 255, 0.13)', hot: 'rgba(248, 81, 73, 0.13)', mixed: 'rgba(210, 153, 34, 0.16)' } satisfies Record<AisleKind, string>,
  aisleText: { cold: '#79b8ff', hot: '#ff8a80', mixed: '#e3b341' } satisfies Record<AisleKind, string>,
  unit: { CDU: '#176b74', CRAH: '#2c4a6b', CRAC: '#3b3f6b' } satisfies Record<CoolingUnitKind, string>,
} as const;

export const FONT_SANS = 'Inter, Segoe UI, DejaVu Sans, system-ui, sans-serif';

/** Every this many tiles the grid draws a heavier line, so distances can be counted at a glance. */
export const MAJOR_GRID_TILES = 10;

export interface SceneRack {
  readonly id: number;
  readonly name: string;
  /** The shortest label that still names the rack within its row ("03" for R01-03 in row R01). */
  readonly shortName: string;
  readonly row: string | null;
  readonly rect: TileRect;
  readonly front: { readonly x1: number; readonly y1: number; readonly x2: number; readonly y2: number };
  readonly fill: string;
  /** The coloured figure in words, for the tooltip ("31.2 of 45 kW (69 %)"); "no data" when there is none. */
  readonly valueText: string;
  readonly noData: boolean;
}

export interface SceneAisle {
  readonly kind: AisleKind;
  readonly rect: TileRect;
  readonly label: string;
}

export interface SceneUnit {
  readonly id: number;
  readonly kind: CoolingUnitKind;
  readonly name: string;
  readonly rect: TileRect;
  readonly front: { readonly x1: number; readonly y1: number; readonly x2: number; readonly y2: number };
  readonly fill: string;
  readonly detail: string;
}

export interface SceneRowLabel {
  readonly text: string;
  /** Anchor point: the label ends here (reads towards the row's first rack). */
  readonly x: number;
  readonly y: number;
  /** 'end': right-aligned at x, vertically centred at y; 'middle-bottom': centred at x, bottom at y. */
  readonly anchor: 'end' | 'middle-bottom';
}

export interface SceneSensor {
  readonly id: number;
  readonly name: string;
  readonly x: number;
  readonly y: number;
}

export interface LegendSwatch {
  readonly label: string;
  readonly color: string;
  readonly count: number;
}

export interface LegendRamp {
  /** Colours evenly spaced from the low to the high end. */
  readonly stops: readonly string[];
  /** Positions 0..1 along the ramp with their text. */
  readonly ticks: ReadonlyArray<{ readonly at: number; readonly label: string }>;
}

export interface Legend {
  readonly title: string;
  readonly ramp: LegendRamp | null;
  /** Categories (status) or the special cases beside a ramp (over budget, no GPUs, no data). */
  readonly swatches: readonly LegendSwatch[];
  /** Set when no rack has a value: why, in a sentence. */
  readonly emptyNote: string | null;
}

export interface FloorScene {
  readonly title: string;
  readonly colorBy: ColorBy;
  readonly widthTiles: number;
  readonly depthTiles: number;
  readonly tileMm: number;
  readonly aisles: readonly SceneAisle[];
  readonly units: readonly SceneUnit[];
  readonly racks: readonly SceneRack[];
  readonly rowLabels: readonly SceneRowLabel[];
  readonly sensors: readonly SceneSensor[];
  readonly legend: Legend;
}

/** How a metric turns a rack into a colour; the heatmap can pass its own (power density, ΔT). */
export interface RackColouring {
  readonly title: string;
  /** Colour and words for one rack; null colour means "no data". */
  colour(rack: FloorRack): { readonly fill: string | null; readonly text: string; readonly bucket?: string };
  readonly ramp: LegendRamp | null;
  /** Named special colours listed beside the ramp, counted over the racks that got them. */
  readonly swatches: ReadonlyArray<{ readonly bucket: string; readonly label: string; readonly color: string }>;
  readonly emptyNote: string;
}

const RAMP_STEPS = 9;
/**
 * Continuous scales are sampled into this many colours: the canvas fills racks one path per colour, so a
 * bounded palette keeps a frame to a few dozen fills (and d3 interpolates each level once, not per rack).
 */
export const COLOR_LEVELS = 48;

function quantized(interpolate: (t: number) => string): (t: number) => string {
  const table = Array.from({ length: COLOR_LEVELS }, (_, i) => interpolate(i / (COLOR_LEVELS - 1)));
  return (t) => table[Math.max(0, Math.min(COLOR_LEVELS - 1, Math.round(t * (COLOR_LEVELS - 1))))] ?? interpolate(t);
}

function rampOf(interpolate: (t: number) => string, ticks: LegendRamp['ticks']): LegendRamp {
  return { stops: Array.from({ length: RAMP_STEPS }, (_, i) => interpolate(i / (RAMP_STEPS - 1))), ticks };
}

const kw = (value: number): string => (value >= 100 ? value.toFixed(0) : value.toFixed(1));

export const HEALTH_COLORS: Readonly<Record<RackHealth, string>> = {
  failed: '#f85149',
  degraded: '#d29922',
  pending: '#4aa3ff',
  ok: '#2ea043',
  empty: '#2a313a',
};

const HEALTH_LABELS: Readonly<Record<RackHealth, string>> = {
  failed: 'failed device or GPU',
  degraded: 'offline device, degraded or RMA GPU',
  pending: 'planned, staged or spare devices',
  ok: 'all active and ok',
  empty: 'no devices',
};

/** A hot GPU: H100/H200 slow down at about 87 °C, so the ramp runs to 90. */
const GPU_TEMP_RANGE_C: readonly [number, number] = [30, 90];

/**
 * A function's results by its two numeric arguments. A hall has a handful of distinct power budgets and
 * server counts, so this turns thousands of toFixed calls and strings into a few, which is most of what
 * building a 5,000-rack scene costs before the browser has compiled this code.
 */
function memo2<T>(f: (a: number, b: number) => T): (a: number, b: number) => T {
  const cache = new Map<number, Map<number, T>>();
  return (a, b) => {
    let byB = cache.get(a);
    if (!byB) cache.set(a, (byB = new Map<number, T>()));
    let value = byB.get(b);
    if (value === undefined) byB.set(b, (value = f(a, b)));
    return value;
  };
}

function powerColouring(): RackColouring {
  // Viridis from a little above its darkest end, so an idle rack still stands out from the floor.
  const scale = scaleSequential(quantized((t: number) => interpolateViridis(0.12 + 0.88 * t))).domain([0, 1]).clamp(true);
  const colourOf = memo2((maxKw: number, budgetKw: number): { readonly fill: string | null; readonly text: string; readonly bucket?: string } => {
    if (budgetKw <= 0) {
      return maxKw > 0 ? { fill: HEALTH_COLORS.failed, text: `${kw(maxKw)} kW, no budget set`, bucket: 'over' } : { fill: null, text: 'no budget set' };
    }
    const ratio = maxKw / budgetKw;
    const text = `${kw(maxKw)} of ${kw(budgetKw)} kW (${Math.round(ratio * 100)} %)`;
    return ratio > 1 ? { fill: HEALTH_COLORS.failed, text, bucket: 'over' } : { fill: scale(ratio), text };
  });
  return {
    title: 'Power: nameplate max vs budget',
    colour: (rack) => colourOf(rack.powerMaxKw, rack.powerBudgetKw),
    ramp: rampOf((t) => scale(t), [
      { at: 0, label: '0 %' },
      { at: 0.5, label: '50 %' },
      { at: 1, label: '100 %' },
    ]),
    swatches: [{ bucket: 'over', label: 'over budget', color: HEALTH_COLORS.failed }],
    emptyNote: 'No rack has a power budget.',
  };
}

function gpuColouring(data: FloorData): RackColouring {
  let max = 1;
  for (const rack of data.racks) max = Math.max(max, rack.accelerators);
  const scale = scaleSequential(quantized((t: number) => interpolateCividis(0.25 + 0.75 * t))).domain([1, Math.max(2, max)]).clamp(true);
  const colourOf = memo2((accelerators: number, notOkCount: number): { readonly fill: string | null; readonly text: string; readonly bucket?: string } => {
    if (accelerators === 0) return { fill: HEALTH_COLORS.empty, text: 'no accelerators', bucket: 'none' };
    const notOk = notOkCount > 0 ? `, ${notOkCount} not ok` : '';
    return { fill: scale(accelerators), text: `${accelerators} accelerators${notOk}` };
  });
  return {
    title: 'Accelerators per rack',
    colour: (rack) => colourOf(rack.accelerators, rack.acceleratorsNotOk),
    ramp: rampOf((t) => scale(1 + t * (Math.max(2, max) - 1)), [
      { at: 0, label: '1' },
      { at: 1, label: String(Math.max(2, max)) },
    ]),
    swatches: [{ bucket: 'none', label: 'none', color: HEALTH_COLORS.empty }],
    emptyNote: 'No rack holds accelerators.',
  };
}

function statusColouring(): RackColouring {
  return {
    title: 'Worst device status',
    colour: (rack) => ({ fill: HEALTH_COLORS[rack.health], text: HEALTH_LABELS[rack.health], bucket: rack.health }),
    ramp: null,
    swatches: (Object.keys(HEALTH_COLORS) as RackHealth[]).map((h) => ({ bucket: h, label: HEALTH_LABELS[h], color: HEALTH_COLORS[h] })),
    emptyNote: 'The room has no racks.',
  };
}

function auditColouring(): RackColouring {
  const scale = scaleSequential(quantized(interpolateRdYlGn)).domain([0, 1]).clamp(true);
  return {
    title: 'Audit progress',
    colour: (rack) => (rack.auditProgress === null ? { fill: null, text: 'not audited' } : { fill: scale(rack.auditProgress), text: `${Math.round(rack.auditProgress * 100)} % audited` }),
    ramp: rampOf((t) => scale(t), [
      { at: 0, label: '0 %' },
      { at: 1, label: '100 %' },
    ]),
    swatches: [],
    emptyNote: 'No audit covers this room yet.',
  };
}

function temperatureColouring(title: string, range: readonly [number, number], pick: (rack: FloorRack) => number | null, marks: readonly number[], emptyNote: string): RackColouring {
  const [lo, hi] = range;
  const scale = scaleSequential(quantized(interpolateTurbo)).domain([lo, hi]).clamp(true);
  return {
    title,
    colour(rack) {
      const value = pick(rack);
      return value === null ? { fill: null, text: 'no reading' } : { fill: scale(value), text: `${value.toFixed(1)} °C` };
    },
    ramp: rampOf((t) => scale(lo + t * (hi - lo)), [lo, ...marks, hi].map((v) => ({ at: (v - lo) / (hi - lo), label: `${v} °C` }))),
    swatches: [],
    emptyNote,
  };
}

/** The colouring for a metric; the room matters for scales that depend on it (GPU count, ASHRAE class). */
export function rackColouring(colorBy: ColorBy, data: FloorData): RackColouring {
  switch (colorBy) {
    case 'power':
      return powerColouring();
    case 'gpus':
      return gpuColouring(data);
    case 'status':
      return statusColouring();
    case 'audit':
      return auditColouring();
    case 'inlet': {
      const { recommendedMinC: min, recommendedMaxC: max } = ASHRAE_ENVELOPES[data.room.ashraeClass];
      return temperatureColouring(
        `Latest inlet temperature (ASHRAE ${data.room.ashraeClass} recommends ${min}–${max} °C)`,
        [min - 4, max + 8],
        (r) => r.inletC,
        [min, max],
        'No inlet temperatures yet: import rack sensor telemetry.',
      );
    }
    case 'gpu-temp':
      return temperatureColouring('Hottest GPU per rack', GPU_TEMP_RANGE_C, (r) => r.hottestGpuC, [60, 87], 'No GPU temperatures yet: import nvidia-smi or DCGM telemetry.');
    case 'health':
      // The findings come from the room's health report, which the view loads and passes as `colouring`.
      return healthColouring(null);
  }
}

/** "03" for R01-03 in row R01: the rack's number once the row's name and a separator are taken off. */
export function shortRackName(name: string, row: string | null): string {
  if (row && name.toLowerCase().startsWith(row.toLowerCase()) && name.length > row.length) {
    const rest = name.slice(row.length).replace(/^[-_.\s/]+/, '');
    if (rest.length > 0) return rest;
  }
  return name;
}

function rowLabels(data: FloorData): SceneRowLabel[] {
  const unitRects = data.coolingUnits.map((u) => footprint(u));
  return data.rows.map((row) => {
    const r = row.rect;
    if (row.facing === 'N' || row.facing === 'S') {
      // Left of the row, past any cooling unit standing at its head.
      let x = r.x;
      for (const u of [...unitRects].sort((a, b) => b.x - a.x)) {
        if (u.x + u.w === x && u.y < r.y + r.h && r.y < u.y + u.h) x = u.x;
      }
      return { text: row.name, x: x - 0.25, y: r.y + r.h / 2, anchor: 'end' as const };
    }
    let y = r.y;
    for (const u of [...unitRects].sort((a, b) => b.y - a.y)) {
      if (u.y + u.h === y && u.x < r.x + r.w && r.x < u.x + u.w) y = u.y;
    }
    return { text: row.name, x: r.x + r.w / 2, y: y - 0.25, anchor: 'middle-bottom' as const };
  });
}

export interface SceneOptions {
  readonly colorBy: ColorBy;
  /** Replaces the colouring of colorBy (used by views that bring their own metric, such as the heatmap). */
  readonly colouring?: RackColouring;
}

export function buildFloorScene(data: FloorData, options: SceneOptions): FloorScene {
  const colouring = options.colouring ?? rackColouring(options.colorBy, data);
  const bucketCounts = new Map<string, number>();
  let noData = 0;
  const racks: SceneRack[] = data.racks.map((rack) => {
    const { fill, text, bucket } = colouring.colour(rack);
    if (bucket !== undefined) bucketCounts.set(bucket, (bucketCounts.get(bucket) ?? 0) + 1);
    if (fill === null) noData++;
    return {
      id: rack.id,
      name: rack.name,
      shortName: shortRackName(rack.name, rack.row),
      row: rack.row,
      rect: footprint(rack),
      front: frontEdge(rack),
      fill: fill ?? FLOOR_THEME.noData,
      valueText: text,
      noData: fill === null,
    };
  });
  const swatches: LegendSwatch[] = colouring.swatches.map((s) => ({ label: s.label, color: s.color, count: bucketCounts.get(s.bucket) ?? 0 }));
  if (noData > 0) swatches.push({ label: 'no data', color: FLOOR_THEME.noData, count: noData });
  const everyRackWithoutData = data.racks.length === 0 || noData === data.racks.length;

  return {
    title: `${data.room.siteCode} / ${data.room.name}`,
    colorBy: options.colorBy,
    widthTiles: data.room.widthTiles,
    depthTiles: data.room.depthTiles,
    tileMm: data.room.tileMm,
    aisles: data.aisles.map((a) => ({ kind: a.kind, rect: a.rect, label: a.kind === 'mixed' ? 'MIXED AISLE' : `${a.kind.toUpperCase()} AISLE` })),
    units: data.coolingUnits.map((u) => ({
      id: u.id,
      kind: u.kind,
      name: u.name,
      rect: footprint(u),
      front: frontEdge(u),
      fill: FLOOR_THEME.unit[u.kind],
      detail: `${u.kind} ${u.name}, ${kw(u.capacityKw)} kW${u.loop ? `, loop ${u.loop}` : ''}`,
    })),
    racks,
    rowLabels: rowLabels(data),
    sensors: data.sensors.map((s) => ({ id: s.id, name: s.name, x: s.x, y: s.y })),
    legend: { title: colouring.title, ramp: colouring.ramp, swatches, emptyNote: everyRackWithoutData ? colouring.emptyNote : null },
  };
}

/** A scale bar length that reads well: the largest of 1/2/5 × 10ⁿ metres that fits in maxPx. */
export function scaleBar(tileMm: number, tilePx: number, maxPx: number): { readonly meters: number; readonly px: number } {
  const pxPerMeter = (tilePx * 1000) / tileMm;
  const target = maxPx / pxPerMeter;
  const power = 10 ** Math.floor(Math.log10(Math.max(target, 1e-6)));
  const meters = [5, 2, 1].map((m) => m * power).find((m) => m <= target) ?? power;
  return { meters, px: meters * pxPerMeter };
}

/** Approximate width of a label in px for a sans font (no DOM to measure with in the core). */
export function approxTextWidth(text: string, fontPx: number): number {
  return text.length * fontPx * 0.6;
}

/**
 * Which name fits on a rack drawn `w` × `h` px: across it if it fits (the full name, then the short one),
 * else along its longer side; null when nothing is legible at this zoom.
 */
export function rackLabelFor(rack: SceneRack, w: number, h: number, fontPx: number): { readonly text: string; readonly vertical: boolean } | null {
  const names = rack.shortName === rack.name ? [rack.name] : [rack.name, rack.shortName];
  const PAD_PX = 4;
  if (h >= fontPx + 2) {
    for (const text of names) if (approxTextWidth(text, fontPx) <= w - PAD_PX) return { text, vertical: false };
  }
  if (h > w && w >= fontPx + 2) {
    for (const text of names) if (approxTextWidth(text, fontPx) <= h - PAD_PX) return { text, vertical: true };
  }
  return null;
}
