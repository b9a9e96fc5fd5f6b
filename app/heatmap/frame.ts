import type { Db } from '../db/open';
import { FloorwalkError } from '../core/errors';
import { inletPoint } from '../floor/geometry';
import type { AshraeClass, Facing } from '../inventory/types';
import { legendBands, rackMetricValue } from './colouring';
import { autoCellsPerTile, autoRadiusTiles } from './field';
import { evaluateFindings, isSilent } from './findings';
import { isCoolantMedium, type CoolantMedium } from './heat-balance';
import { loopState } from './loops';
import { parseTimestampText } from '../telemetry/map/timestamps';
import { zoneClock } from '../telemetry/map/time-zone';
import {
  allTargetIds,
  bucketStats,
  latestReadingAtOrBefore,
  metricIds,
  recentTimes,
  roomTargets,
  roomTimeRange,
  valuesAt,
  type Reading,
  type RoomTargets,
} from './queries';
import { roomThresholds } from './threshold-store';
import type { Thresholds } from './thresholds';
import { bucketStepMs, bucketTimes } from './timeline';
import type {
  Finding,
  HeatmapFrame,
  HeatmapMetric,
  HeatmapRoom,
  HeatmapTimeline,
  LeakState,
  LoopState,
  RackState,
  SilentTarget,
  TimeRange,
} from './types';

/** The metrics that make the room's time range: what the heatmap draws or judges. */
export const RANGE_METRICS = [
  'inlet_temp_c',
  'outlet_temp_c',
  'air_temp_c',
  'delta_t_k',
  'gpu_temp_c',
  'rack_power_w',
  'coolant_supply_c',
  'coolant_return_c',
  'coolant_flow_lpm',
  'leak',
] as const;

/** Readings per series used to judge a target's usual interval. */
const RECENT_READINGS = 5;
/** A leak reading at or above this is a leak (the metric is 0/1). */
const LEAK_ON = 0.5;

interface RoomRackRow {
  id: number;
  name: string;
  gridX: number;
  gridY: number;
  facing: Facing;
  widthTiles: number;
  depthTiles: number;
  loopId: number | null;
}

export function heatmapRoom(db: Db, roomId: number): HeatmapRoom {
  const room = db
    .prepare(
      `SELECT rm.id, rm.name, s.code AS siteCode, s.timezone AS timeZone, rm.ashrae_class AS ashraeClass, rm.width_tiles AS widthTiles, rm.depth_tiles AS depthTiles, rm.tile_mm AS tileMm
       FROM rooms rm JOIN sites s ON s.id = rm.site_id WHERE rm.id = ?`,
    )
    .get(roomId) as (Omit<HeatmapRoom, 'ashraeClass'> & { ashraeClass: AshraeClass }) | undefined;
  if (!room) throw new FloorwalkError('not_found', `Room ${roomId} does not exist.`, { field: 'roomId' });
  return room;
}

function roomRacks(db: Db, roomId: number): RoomRackRow[] {
  return db
    .prepare(
      `SELECT id, name, grid_x AS gridX, grid_y AS gridY, facing, width_tiles AS widthTiles, depth_tiles AS depthTiles, loop_id AS loopId
       FROM racks WHERE room_id = ? ORDER BY grid_y, grid_x, id`,
    )
    .all(roomId) as RoomRackRow[];
}

/**
 * A time a technician typed or the slider sent: epoch ms, or text in any form the telemetry importer reads
 * (ISO 8601, `2026-07-14 08:15`, epoch seconds). A time with a zone is an instant; one without is the
 * hall's wall clock, read in the site's time zone as the importer reads naive file times (the repeated DST
 * hour takes its first occurrence).
 */
export function parseAt(at: string | number, timeZone: string): number {
  if (typeof at === 'number') return at;
  const out = { ms: 0, naive: false };
  if (!parseTimestampText(at, 'mdy', out)) {
    throw new FloorwalkError('invalid_input', `"${at}" is not a time; use ISO 8601 such as 2026-07-14T08:15:00Z, or 2026-07-14 08:15 in the hall's time.`, { field: 'at' });
  }
  return out.naive ? zoneClock(timeZone).toUtc(out.ms, Number.NaN, false, { ambiguous: 0, nonexistent: 0 }) : out.ms;
}

/** Everything one request needs about the room's telemetry, read once. */
interface Context {
  readonly room: HeatmapRoom;
  readonly thresholds: Thresholds;
  readonly targets: RoomTargets;
  readonly metrics: Map<string, number>;
  readonly range: TimeRange;
  readonly firstMs: number | null;
  readonly lastMs: number | null;
}

function context(db: Db, roomId: number): Context {
  const room = heatmapRoom(db, roomId);
  const thresholds = roomThresholds(db, roomId);
  const targets = roomTargets(db, roomId);
  const metrics = metricIds(db);
  const span = roomTimeRange(db, targets, metrics, RANGE_METRICS);
  if (!span) return { room, thresholds, targets, metrics, range: { first: null, last: null, stepMs: 0, stops: [] }, firstMs: null, lastMs: null };
  const stepMs = bucketStepMs(span.firstMs, span.lastMs);
  return {
    room,
    thresholds,
    targets,
    metrics,
    range: { first: new Date(span.firstMs).toISOString(), last: new Date(span.lastMs).toISOString(), stepMs, stops: bucketTimes(span.firstMs, span.lastMs, stepMs) },
    firstMs: span.firstMs,
    lastMs: span.lastMs,
  };
}

/** The time a frame shows: the one asked for, else the slider's last stop (at or just after the last reading). */
function frameTime(ctx: Context, at: string | number | undefined): number | null {
  if (at !== undefined) return parseAt(at, ctx.room.timeZone);
  const stops = ctx.range.stops;
  return stops.length > 0 ? (stops[stops.length - 1] as number) : null;
}

function maxOf(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.max(a, b);
}

interface Snapshot {
  readonly racks: RackState[];
  readonly points: { xs: number[]; ys: number[]; values: number[]; names: string[] };
  readonly rackRows: RoomRackRow[];
}

/** Every rack's state and the field's sources at `atMs`. */
function snapshot(db: Db, ctx: Context, roomId: number, atMs: number): Snapshot {
  const t = ctx.thresholds;
  const staleMs = t.stalenessS * 1000;
  const m = ctx.metrics;
  const rackRows = roomRacks(db, roomId);
  const { gpus, devices, racks, sensors } = ctx.targets;
  const at = (name: string, ids: readonly number[]): Map<number, Reading> => valuesAt(db, m.get(name), ids, atMs, staleMs);

  const rackIds = racks.map((r) => r.targetId);
  const sensorIds = sensors.map((s) => s.targetId);
  const gpuIds = gpus.map((g) => g.targetId);
  const rackInlet = at('inlet_temp_c', rackIds);
  const rackOutlet = at('outlet_temp_c', rackIds);
  const rackDelta = at('delta_t_k', rackIds);
  const rackPower = at('rack_power_w', rackIds);
  const sensorInlet = at('inlet_temp_c', sensorIds);
  const sensorOutlet = at('outlet_temp_c', sensorIds);
  const sensorAir = at('air_temp_c', sensorIds);
  const devicePower = at('rack_power_w', devices.map((d) => d.targetId));
  const gpuTemp = at('gpu_temp_c', gpuIds);
  const gpuTlimit = at('gpu_tlimit_c', gpuIds);
  const hbmTemp = at('hbm_temp_c', gpuIds);
  const throttleThermal = at('throttle_thermal', gpuIds);
  const throttlePower = at('throttle_power', gpuIds);

  interface Acc {
    inlet: number | null;
    outlet: number | null;
    delta: number | null;
    hottest: number | null;
    hottestGpu: string | null;
    gpus: number;
    near: number;
    above: number;
    tlimit: number | null;
    tlimitGpu: string | null;
    tlimitNegative: number;
    hbm: number | null;
    thermal: number;
    power: number;
    ownPowerKw: number | null;
    pduPowerKw: number | null;
  }
  const acc = new Map<number, Acc>();
  const of = (rackId: number): Acc => {
    let a = acc.get(rackId);
    if (!a) {
      a = { inlet: null, outlet: null, delta: null, hottest: null, hottestGpu: null, gpus: 0, near: 0, above: 0, tlimit: null, tlimitGpu: null, tlimitNegative: 0, hbm: null, thermal: 0, power: 0, ownPowerKw: null, pduPowerKw: null };
      acc.set(rackId, a);
    }
    return a;
  };

  const byId = new Map(rackRows.map((r) => [r.id, r]));
  const points = { xs: [] as number[], ys: [] as number[], values: [] as number[], names: [] as string[] };
  const addPoint = (x: number, y: number, value: number, name: string): void => {
    points.xs.push(x);
    points.ys.push(y);
    points.values.push(value);
    points.names.push(name);
  };

  for (const r of racks) {
    const a = of(r.rackId);
    const rack = byId.get(r.rackId);
    const inlet = rackInlet.get(r.targetId);
    if (inlet) {
      a.inlet = maxOf(a.inlet, inlet.value);
      if (rack) {
        const p = inletPoint(rack);
        addPoint(p.x, p.y, inlet.value, rack.name);
      }
    }
    const outlet = rackOutlet.get(r.targetId);
    if (outlet) a.outlet = maxOf(a.outlet, outlet.value);
    const delta = rackDelta.get(r.targetId);
    if (delta) a.delta = delta.value;
    const power = rackPower.get(r.targetId);
    if (power) a.ownPowerKw = (a.ownPowerKw ?? 0) + power.value / 1000;
  }
  for (const s of sensors) {
    const air = sensorAir.get(s.targetId);
    const inlet = sensorInlet.get(s.targetId) ?? (s.position === 'inlet' || s.position === 'floor' ? air : undefined);
    const outlet = sensorOutlet.get(s.targetId) ?? (s.position === 'outlet' ? air : undefined);
    if (inlet && (s.position === 'inlet' || s.position === 'floor' || s.rackId !== null)) {
      addPoint(s.x, s.y, inlet.value, s.name);
      if (s.rackId !== null && s.position !== 'floor') of(s.rackId).inlet = maxOf(of(s.rackId).inlet, inlet.value);
    }
    if (outlet && s.rackId !== null) of(s.rackId).outlet = maxOf(of(s.rackId).outlet, outlet.value);
  }
  for (const d of devices) {
    const power = devicePower.get(d.targetId);
    if (power) {
      const a = of(d.rackId);
      a.pduPowerKw = (a.pduPowerKw ?? 0) + power.value / 1000;
    }
  }
  const warnAt = t.gpuSlowdownC - t.gpuSlowdownMarginK;
  for (const g of gpus) {
    const temp = gpuTemp.get(g.targetId);
    const tlimit = gpuTlimit.get(g.targetId);
    const hbm = hbmTemp.get(g.targetId);
    const thermal = throttleThermal.get(g.targetId);
    const power = throttlePower.get(g.targetId);
    if (!temp && !tlimit && !hbm && !thermal && !power) continue;
    const a = of(g.rackId);
    a.gpus++;
    if (temp) {
      if (a.hottest === null || temp.value > a.hottest) {
        a.hottest = temp.value;
        a.hottestGpu = g.label;
      }
      if (temp.value > t.gpuMaxOperatingC) a.above++;
      else if (temp.value >= warnAt) a.near++;
    }
    if (tlimit) {
      if (a.tlimit === null || tlimit.value < a.tlimit) {
        a.tlimit = tlimit.value;
        a.tlimitGpu = g.label;
      }
      if (tlimit.value < 0) a.tlimitNegative++;
    }
    if (hbm) a.hbm = maxOf(a.hbm, hbm.value);
    if (thermal && thermal.value > 0) a.thermal++;
    if (power && power.value > 0) a.power++;
  }

  const states: RackState[] = rackRows.map((rack) => {
    const a = acc.get(rack.id);
    const inletC = a?.inlet ?? null;
    const outletC = a?.outlet ?? null;
    return {
      rackId: rack.id,
      name: rack.name,
      inletC,
      outletC,
      deltaK: a?.delta ?? (inletC !== null && outletC !== null ? outletC - inletC : null),
      hottestGpuC: a?.hottest ?? null,
      hottestGpu: a?.hottestGpu ?? null,
      gpusReporting: a?.gpus ?? 0,
      gpusNearSlowdown: a?.near ?? 0,
      gpusAboveMaxOperating: a?.above ?? 0,
      minTlimitC: a?.tlimit ?? null,
      minTlimitGpu: a?.tlimitGpu ?? null,
      gpusTlimitNegative: a?.tlimitNegative ?? 0,
      hottestHbmC: a?.hbm ?? null,
      gpusThrottleThermal: a?.thermal ?? 0,
      gpusThrottlePower: a?.power ?? 0,
      powerKw: a?.ownPowerKw ?? a?.pduPowerKw ?? null,
    };
  });
  return { racks: states, points, rackRows };
}

function hasReading(r: RackState): boolean {
  return r.inletC !== null || r.outletC !== null || r.deltaK !== null || r.hottestGpuC !== null || r.minTlimitC !== null || r.hottestHbmC !== null || r.powerKw !== null || r.gpusReporting > 0;
}

export interface FrameOptions {
  readonly metric: HeatmapMetric;
  readonly at?: string | number | undefined;
}

export function heatmapFrame(db: Db, roomId: number, options: FrameOptions): HeatmapFrame {
  const read = db.transaction((): HeatmapFrame => {
    const ctx = context(db, roomId);
    const atMs = frameTime(ctx, options.at);
    const snap = atMs === null ? { racks: [], points: { xs: [], ys: [], values: [], names: [] }, rackRows: [] } : snapshot(db, ctx, roomId, atMs);
    const area = ctx.room.widthTiles * ctx.room.depthTiles;
    const values = options.metric === 'inlet' ? snap.points.values : snap.racks.map((r) => rackMetricValue(options.metric, r)).filter((v): v is number => v !== null);
    return {
      room: ctx.room,
      metric: options.metric,
      at: atMs === null ? null : new Date(atMs).toISOString(),
      atMs,
      range: ctx.range,
      field: { cellsPerTile: autoCellsPerTile(ctx.room.widthTiles, ctx.room.depthTiles), radiusTiles: autoRadiusTiles(snap.points.values.length, area) },
      points: snap.points,
      // Only racks with something to show: a 1,000-rack hall where a few racks report stays a small answer.
      racks: snap.racks.filter(hasReading),
      min: values.length > 0 ? Math.min(...values) : null,
      max: values.length > 0 ? Math.max(...values) : null,
      bands: legendBands(ctx.room, ctx.thresholds),
      thresholds: ctx.thresholds,
    };
  });
  return read.deferred();
}

export function heatmapTimeline(db: Db, roomId: number): HeatmapTimeline {
  const read = db.transaction((): HeatmapTimeline => {
    const ctx = context(db, roomId);
    const inletTargets = [...ctx.targets.racks, ...ctx.targets.sensors].map((x) => x.targetId);
    const stats = bucketStats(db, ctx.metrics.get('inlet_temp_c'), inletTargets, ctx.range.stops, ctx.range.stepMs);
    return {
      roomId,
      timeZone: ctx.room.timeZone,
      range: ctx.range,
      buckets: ctx.range.stops.map((atMs, i) => ({ atMs, readings: stats[i]?.readings ?? 0, maxInletC: stats[i]?.max ?? null })),
    };
  });
  return read.deferred();
}

interface CduRow {
  id: number;
  name: string;
  capacityKw: number;
  loopId: number | null;
  loop: string | null;
  medium: string | null;
}

function loopsAt(db: Db, ctx: Context, roomId: number, atMs: number, racks: readonly RackState[], rackRows: readonly RoomRackRow[]): LoopState[] {
  const t = ctx.thresholds;
  const staleMs = t.stalenessS * 1000;
  const cdus = db
    .prepare(
      `SELECT c.id, c.name, c.capacity_kw AS capacityKw, c.loop_id AS loopId, l.name AS loop, l.medium
       FROM cooling_units c LEFT JOIN cooling_loops l ON l.id = c.loop_id WHERE c.room_id = ? AND c.kind = 'CDU' ORDER BY c.name`,
    )
    .all(roomId) as CduRow[];
  const targetOf = new Map(ctx.targets.cdus.map((c) => [c.cduId, c.targetId]));
  const ids = ctx.targets.cdus.map((c) => c.targetId);
  const at = (name: string): Map<number, Reading> => valuesAt(db, ctx.metrics.get(name), ids, atMs, staleMs);
  const supply = at('coolant_supply_c');
  const ret = at('coolant_return_c');
  const delta = at('coolant_delta_t_k');
  const flow = at('coolant_flow_lpm');
  const heat = at('heat_removed_kw');
  const leak = at('leak');

  const stateById = new Map(racks.map((r) => [r.rackId, r]));
  const cdusPerLoop = new Map<number, number>();
  for (const c of cdus) if (c.loopId !== null) cdusPerLoop.set(c.loopId, (cdusPerLoop.get(c.loopId) ?? 0) + 1);
  const powerPerLoop = new Map<number, { kw: number; racks: number; withPower: number }>();
  for (const rack of rackRows) {
    if (rack.loopId === null) continue;
    const entry = powerPerLoop.get(rack.loopId) ?? { kw: 0, racks: 0, withPower: 0 };
    entry.racks++;
    const kw = stateById.get(rack.id)?.powerKw ?? null;
    if (kw !== null) {
      entry.kw += kw;
      entry.withPower++;
    }
    powerPerLoop.set(rack.loopId, entry);
  }

  return cdus.map((c) => {
    const target = targetOf.get(c.id);
    const value = (map: Map<number, Reading>): number | null => (target === undefined ? null : (map.get(target)?.value ?? null));
    const loop = c.loopId === null ? undefined : powerPerLoop.get(c.loopId);
    // Several CDUs on one loop share its racks' heat evenly.
    const share = c.loopId === null ? 1 : (cdusPerLoop.get(c.loopId) ?? 1);
    const medium: CoolantMedium = c.medium && isCoolantMedium(c.medium) ? c.medium : 'water';
    return loopState(
      {
        cduId: c.id,
        cdu: c.name,
        loopId: c.loopId,
        loop: c.loop,
        medium,
        capacityKw: c.capacityKw,
        supplyC: value(supply),
        returnC: value(ret),
        reportedDeltaTK: value(delta),
        flowLpm: value(flow),
        heatRemovedKw: value(heat),
        leak: (value(leak) ?? 0) >= LEAK_ON,
        rackPowerKw: loop && loop.withPower > 0 ? loop.kw / share : null,
        racks: loop?.racks ?? 0,
        racksWithPower: loop?.withPower ?? 0,
      },
      t,
    );
  });
}

export function heatmapLoops(db: Db, roomId: number, at?: string | number): { roomId: number; at: string | null; loops: LoopState[] } {
  const read = db.transaction(() => {
    const ctx = context(db, roomId);
    const atMs = frameTime(ctx, at);
    if (atMs === null) return { roomId, at: null, loops: loopsAt(db, ctx, roomId, Number.NEGATIVE_INFINITY, [], []) };
    const snap = snapshot(db, ctx, roomId, atMs);
    return { roomId, at: new Date(atMs).toISOString(), loops: loopsAt(db, ctx, roomId, atMs, snap.racks, snap.rackRows) };
  });
  return read.deferred();
}

function leaksAt(db: Db, ctx: Context, atMs: number, rackNames: Map<number, string>, loops: readonly LoopState[]): LeakState[] {
  const staleMs = ctx.thresholds.stalenessS * 1000;
  const leakId = ctx.metrics.get('leak');
  const out: LeakState[] = [];
  const sensors = valuesAt(db, leakId, ctx.targets.sensors.map((s) => s.targetId), atMs, staleMs);
  for (const s of ctx.targets.sensors) {
    if ((sensors.get(s.targetId)?.value ?? 0) >= LEAK_ON) out.push({ target: s.name, rackId: s.rackId, rack: s.rackId === null ? null : (rackNames.get(s.rackId) ?? null), cduId: null });
  }
  const racks = valuesAt(db, leakId, ctx.targets.racks.map((r) => r.targetId), atMs, staleMs);
  for (const r of ctx.targets.racks) {
    if ((racks.get(r.targetId)?.value ?? 0) >= LEAK_ON) out.push({ target: rackNames.get(r.rackId) ?? `rack ${r.rackId}`, rackId: r.rackId, rack: rackNames.get(r.rackId) ?? null, cduId: null });
  }
  for (const loop of loops) {
    if (loop.leak) out.push({ target: loop.cdu, rackId: null, rack: null, cduId: loop.cduId });
  }
  return out;
}

function silentAt(db: Db, ctx: Context, roomId: number, atMs: number, rackNames: Map<number, string>): SilentTarget[] {
  const { sensors, racks, devices, cdus } = ctx.targets;
  const who = new Map<number, { target: string; rackId: number | null }>();
  for (const s of sensors) who.set(s.targetId, { target: s.name, rackId: s.rackId });
  for (const r of racks) who.set(r.targetId, { target: rackNames.get(r.rackId) ?? `rack ${r.rackId}`, rackId: r.rackId });
  for (const d of devices) who.set(d.targetId, { target: d.label, rackId: d.rackId });
  if (cdus.length > 0) {
    const names = new Map(
      (db.prepare("SELECT id, name FROM cooling_units WHERE room_id = ? AND kind = 'CDU'").all(roomId) as Array<{ id: number; name: string }>).map((c) => [c.id, c.name]),
    );
    for (const c of cdus) who.set(c.targetId, { target: names.get(c.cduId) ?? `CDU ${c.cduId}`, rackId: null });
  }
  // "Now" is the room's latest reading at or before T, so the slider's last stop (a little after the
  // last reading) does not make every sensor look silent.
  const roomNow = latestReadingAtOrBefore(db, allTargetIds(ctx.targets), atMs);
  if (roomNow === null) return [];
  const out: SilentTarget[] = [];
  for (const [targetId, times] of recentTimes(db, [...who.keys()], atMs, RECENT_READINGS)) {
    if (times.length < 2) continue;
    const last = times[0] as number;
    const intervalMs = (last - (times[times.length - 1] as number)) / (times.length - 1);
    if (!isSilent(last, intervalMs, roomNow, ctx.thresholds.silentFactor)) continue;
    const w = who.get(targetId);
    if (!w) continue;
    out.push({ target: w.target, rackId: w.rackId, rack: w.rackId === null ? null : (rackNames.get(w.rackId) ?? null), lastMs: last, intervalMs, silentMs: roomNow - last });
  }
  return out;
}

export function heatmapFindings(db: Db, roomId: number, at?: string | number): { roomId: number; at: string | null; findings: Finding[] } {
  const read = db.transaction(() => {
    const ctx = context(db, roomId);
    const atMs = frameTime(ctx, at);
    if (atMs === null) return { roomId, at: null, findings: [] };
    const snap = snapshot(db, ctx, roomId, atMs);
    const rackNames = new Map(snap.rackRows.map((r) => [r.id, r.name]));
    const loops = loopsAt(db, ctx, roomId, atMs, snap.racks, snap.rackRows);
    const findings = evaluateFindings(
      {
        racks: snap.racks,
        loops,
        leaks: leaksAt(db, ctx, atMs, rackNames, loops),
        silent: silentAt(db, ctx, roomId, atMs, rackNames),
      },
      ctx.thresholds,
    );
    return { roomId, at: new Date(atMs).toISOString(), findings };
  });
  return read.deferred();
}
