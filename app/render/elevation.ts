import { scaleLinear, type ScaleLinear } from 'd3';
import type { RackDevice } from '../inventory/detail-types';
import type { AcceleratorStatus, DeviceCategory, DeviceFace, DeviceStatus } from '../inventory/types';
import { attrs, escapeXml, fitText, num } from './svg-text';

/**
 * The rack elevation as an SVG string: a pure function of the rack and a few options (no DOM, no React;
 * d3 only for the U → y scale). It follows NetBox's draw order — unit labels, empty slots, devices, then
 * the border — so the border is never hidden by a device and empty slots sit beneath everything.
 * Every piece of text that comes from the inventory is escaped. Interactive parts carry data attributes
 * (data-u + data-face on empty slots, data-device-id on devices, data-accelerator-id on GPU cells) so the
 * view can handle clicks with one delegated listener.
 */

export type ElevationDevice = Pick<
  RackDevice,
  'id' | 'typeId' | 'vendor' | 'model' | 'category' | 'uPosition' | 'uHeight' | 'face' | 'fullDepth' | 'role' | 'hostname' | 'serial' | 'status' | 'accelerators'
>;

export interface ElevationRack {
  readonly name: string;
  readonly uHeight: number;
  readonly powerBudgetKw: number;
  readonly powerMaxKw: number;
  readonly devices: readonly ElevationDevice[];
}

export interface ElevationOptions {
  readonly face: DeviceFace;
  readonly selectedDeviceId?: number | null;
  readonly selectedAcceleratorId?: number | null;
  /** An empty U to mark, e.g. where the add-device form will place the device. */
  readonly targetU?: number | null;
  /** Draw the power-vs-budget bar in the header (the rack view shows it once, on the front). */
  readonly showPower?: boolean;
  /** Accelerator slots per device type id, so a slot with nothing on record is drawn as an empty cell. */
  readonly slotsByType?: Readonly<Record<number, number>>;
}

export const UNIT_PX = 16;
export const LABEL_PX = 26;
export const RAIL_PX = 14;
export const BAY_PX = 210;
export const HEADER_PX = 30;
const PAD_PX = 4;
/** Where the power bar starts in the header, clear of the face label. */
const POWER_BAR_X_PX = 52;
const CELL_PX = 11;
const CELL_GAP_PX = 3;
/** Every text of the elevation is at least this big (12 px, the console's floor for legible text). */
const FONT_PX = 12;
const MONO_CHAR_PX = 7.3;
const SANS_CHAR_PX = 6.7;
const FONT_SANS = 'Inter, Segoe UI, system-ui, sans-serif';
const FONT_MONO = 'JetBrains Mono, SF Mono, Cascadia Mono, DejaVu Sans Mono, Menlo, Consolas, monospace';

/** Device block fills by category, dark enough for light text, distinct enough to tell apart at a glance. */
export const CATEGORY_COLORS: Readonly<Record<DeviceCategory, string>> = {
  gpu_server: '#1d4e7e',
  server: '#27594c',
  switch: '#56458a',
  storage: '#7a5624',
  pdu: '#6e3434',
  cdu: '#17666f',
  patch_panel: '#3b424d',
};

export const CATEGORY_LABELS: Readonly<Record<DeviceCategory, string>> = {
  gpu_server: 'GPU server',
  server: 'Server',
  switch: 'Switch',
  storage: 'Storage',
  pdu: 'PDU',
  cdu: 'CDU',
  patch_panel: 'Patch panel',
};

export const ACCELERATOR_COLORS: Readonly<Record<AcceleratorStatus, string>> = {
  ok: '#3fb950',
  degraded: '#d29922',
  failed: '#f85149',
  missing: '#8b949e',
  rma: '#a371f7',
};

const COLOR = {
  background: '#0f1318',
  empty: '#151a21',
  emptyStroke: '#232b35',
  target: '#4aa3ff',
  label: '#7d8896',
  text: '#eef2f6',
  textMuted: '#b4c0cc',
  border: '#5b6675',
  selected: '#ffffff',
  rail: '#12161c',
  barTrack: '#232b35',
  barOk: '#3fb950',
  barHigh: '#d29922',
  barOver: '#f85149',
  failed: '#f85149',
  behind: '#161c24',
  hatch: '#26303c',
} as const;

/** Above this share of the budget the bar turns amber; above 100 % red. */
const POWER_HIGH_RATIO = 0.85;

const STATUS_MARKS: Partial<Record<DeviceStatus, string>> = {
  planned: 'PLANNED',
  staged: 'STAGED',
  offline: 'OFFLINE',
  failed: 'FAILED',
  missing: 'MISSING',
  decommissioning: 'DECOM',
  inventory: 'SPARE',
};

export interface ElevationSize {
  readonly width: number;
  readonly height: number;
}

export function elevationSize(uHeight: number): ElevationSize {
  return { width: PAD_PX + LABEL_PX + RAIL_PX * 2 + BAY_PX + PAD_PX, height: HEADER_PX + uHeight * UNIT_PX + PAD_PX * 2 };
}

/** Mounted devices seen on `face`: those on it, and full-depth ones mounted on the other side. */
function visibleOn(device: ElevationDevice, face: DeviceFace): boolean {
  return device.uPosition !== null && device.uHeight > 0 && (device.face === face || device.fullDepth);
}

/** The U numbers taken on one face of the rack (full-depth gear takes both faces). */
export function occupiedUnits(rack: ElevationRack, face: DeviceFace): Set<number> {
  const taken = new Set<number>();
  for (const device of rack.devices) {
    if (!visibleOn(device, face) || device.uPosition === null) continue;
    for (let u = device.uPosition; u < device.uPosition + device.uHeight; u += 1) taken.add(u);
  }
  return taken;
}

/** Zero-U gear mounted in the side channels (rack PDUs). */
export function isZeroU(device: ElevationDevice): boolean {
  return device.uPosition === null && device.uHeight === 0;
}

function powerColor(ratio: number): string {
  if (ratio > 1) return COLOR.barOver;
  if (ratio > POWER_HIGH_RATIO) return COLOR.barHigh;
  return COLOR.barOk;
}

function text(x: number, y: number, content: string, extra: Readonly<Record<string, string | number>>): string {
  return `<text${attrs({ x, y, ...extra })}>${escapeXml(content)}</text>`;
}

/** Ids must be unique in the page, and the front and rear SVGs sit in the same page. */
function hatchId(face: DeviceFace): string {
  return `fw-hatch-${face}`;
}

/** Full-depth gear seen from its other face is hatched, as in NetBox: it is there, but not this side. */
function defs(face: DeviceFace): string {
  return (
    `<defs><pattern${attrs({ id: hatchId(face), patternUnits: 'userSpaceOnUse', width: 6, height: 6, patternTransform: 'rotate(45)' })}>` +
    `<rect${attrs({ width: 6, height: 6, fill: COLOR.behind })}/>` +
    `<line${attrs({ x1: 0, y1: 0, x2: 0, y2: 6, stroke: COLOR.hatch, 'stroke-width': 2 })}/>` +
    `</pattern></defs>`
  );
}

function header(rack: ElevationRack, options: ElevationOptions, width: number): string {
  const parts = [text(PAD_PX, 19, options.face.toUpperCase(), { class: 'fw-face', fill: COLOR.textMuted, 'font-size': FONT_PX, 'font-weight': 600, 'font-family': FONT_SANS })];
  if (options.showPower) {
    const x = PAD_PX + POWER_BAR_X_PX;
    const barWidth = width - x - PAD_PX;
    const ratio = rack.powerBudgetKw > 0 ? rack.powerMaxKw / rack.powerBudgetKw : rack.powerMaxKw > 0 ? Infinity : 0;
    const label =
      rack.powerBudgetKw > 0
        ? `${rack.powerMaxKw.toFixed(1)} / ${rack.powerBudgetKw.toFixed(1)} kW max`
        : `${rack.powerMaxKw.toFixed(1)} kW max, no budget`;
    parts.push(
      `<g class="fw-power"${attrs({ 'data-ratio': Number.isFinite(ratio) ? ratio.toFixed(2) : 'over' })}>`,
      `<rect${attrs({ x, y: 7, width: barWidth, height: 16, rx: 2, fill: COLOR.barTrack })}/>`,
      `<rect${attrs({ x, y: 7, width: barWidth * Math.min(1, ratio), height: 16, rx: 2, fill: powerColor(ratio), 'fill-opacity': '0.55' })}/>`,
      text(x + 6, 19, label, { fill: COLOR.text, 'font-size': FONT_PX, 'font-family': FONT_SANS }),
      `<title>${escapeXml(`Power: ${label}`)}</title>`,
      '</g>',
    );
  }
  return `<g class="fw-header">${parts.join('')}</g>`;
}

function unitLabels(uHeight: number, y: ScaleLinear<number, number>): string {
  const labels: string[] = [];
  for (let u = 1; u <= uHeight; u += 1) {
    labels.push(
      text(PAD_PX + LABEL_PX - 5, (y(u + 1) + y(u)) / 2 + 3.5, String(u), {
        class: 'fw-unit-label',
        'text-anchor': 'end',
        fill: COLOR.label,
        'font-size': FONT_PX,
        'font-family': FONT_MONO,
      }),
    );
  }
  return `<g class="fw-units">${labels.join('')}</g>`;
}

function emptySlots(rack: ElevationRack, options: ElevationOptions, y: ScaleLinear<number, number>, bayX: number): string {
  const taken = occupiedUnits(rack, options.face);
  const parts: string[] = [];
  // The side channels, beneath any zero-U gear.
  parts.push(`<rect${attrs({ class: 'fw-rail', x: bayX - RAIL_PX, y: y(rack.uHeight + 1), width: RAIL_PX, height: rack.uHeight * UNIT_PX, fill: COLOR.rail })}/>`);
  parts.push(`<rect${attrs({ class: 'fw-rail', x: bayX + BAY_PX, y: y(rack.uHeight + 1), width: RAIL_PX, height: rack.uHeight * UNIT_PX, fill: COLOR.rail })}/>`);
  for (let u = 1; u <= rack.uHeight; u += 1) {
    if (taken.has(u)) continue;
    const target = options.targetU === u;
    parts.push(
      `<rect${attrs({
        class: target ? 'fw-empty fw-target' : 'fw-empty',
        'data-u': u,
        'data-face': options.face,
        x: bayX + 0.5,
        y: y(u + 1) + 0.5,
        width: BAY_PX - 1,
        height: UNIT_PX - 1,
        fill: COLOR.empty,
        stroke: target ? COLOR.target : COLOR.emptyStroke,
        'stroke-width': target ? 2 : 1,
      })}><title>${escapeXml(`U${u} ${options.face} is free: add a device here`)}</title></rect>`,
    );
  }
  return `<g class="fw-empties">${parts.join('')}</g>`;
}

function deviceTitle(device: ElevationDevice): string {
  const where = device.uPosition === null ? '0U side rail' : device.uHeight > 1 ? `U${device.uPosition}–U${device.uPosition + device.uHeight - 1}` : `U${device.uPosition}`;
  const name = device.hostname ?? `${device.vendor} ${device.model}`;
  const bits = [name, `${device.vendor} ${device.model}`, `${where} ${device.face}`, device.status];
  if (device.serial) bits.push(`serial ${device.serial}`);
  const notOk = device.accelerators.filter((a) => a.status !== 'ok').length;
  if (device.accelerators.length > 0) bits.push(`${device.accelerators.length} GPUs${notOk > 0 ? `, ${notOk} not ok` : ''}`);
  return bits.join(' · ');
}

interface Cell {
  readonly slot: number;
  readonly id: number | null;
  readonly status: AcceleratorStatus | null;
}

function acceleratorCells(device: ElevationDevice, slotsByType: Readonly<Record<number, number>> | undefined): Cell[] {
  const expected = slotsByType?.[device.typeId] ?? 0;
  const bySlot = new Map(device.accelerators.map((a) => [a.slot, a]));
  const highest = Math.max(expected - 1, ...device.accelerators.map((a) => a.slot));
  const cells: Cell[] = [];
  for (let slot = 0; slot <= highest; slot += 1) {
    const found = bySlot.get(slot);
    cells.push({ slot, id: found?.id ?? null, status: found?.status ?? null });
  }
  return cells;
}

function cellMarkup(device: ElevationDevice, cells: readonly Cell[], x0: number, y0: number, selectedAcceleratorId: number | null | undefined): string {
  return cells
    .map((cell, index) => {
      const x = x0 + index * (CELL_PX + CELL_GAP_PX);
      const selected = cell.id !== null && cell.id === selectedAcceleratorId;
      const status = cell.status ?? 'empty';
      const title = cell.status === null ? `slot ${cell.slot}: no accelerator on record` : `slot ${cell.slot}: ${cell.status}`;
      return `<rect${attrs({
        class: `fw-accel fw-accel-${status}${selected ? ' fw-accel-selected' : ''}`,
        'data-device-id': device.id,
        'data-accelerator-id': cell.id ?? undefined,
        'data-slot': cell.slot,
        x,
        y: y0,
        width: CELL_PX,
        height: CELL_PX,
        rx: 2,
        fill: cell.status === null ? 'none' : ACCELERATOR_COLORS[cell.status],
        stroke: selected ? COLOR.selected : cell.status === null ? COLOR.label : 'none',
        'stroke-width': selected ? 2 : 1,
        'stroke-dasharray': cell.status === null ? '2 2' : undefined,
      })}><title>${escapeXml(title)}</title></rect>`;
    })
    .join('');
}

function mountedDevice(device: ElevationDevice, options: ElevationOptions, y: ScaleLinear<number, number>, bayX: number): string {
  if (device.uPosition === null) return '';
  const top = y(device.uPosition + device.uHeight) + 1;
  const height = device.uHeight * UNIT_PX - 2;
  const x = bayX + 1;
  const width = BAY_PX - 2;
  const behind = device.face !== options.face;
  const selected = device.id === options.selectedDeviceId;
  const classes = ['fw-device', `fw-cat-${device.category}`, `fw-status-${device.status}`];
  if (behind) classes.push('fw-behind');
  if (selected) classes.push('fw-selected');

  const parts: string[] = [];
  parts.push(
    `<rect${attrs({
      class: 'fw-device-body',
      x,
      y: top,
      width,
      height,
      rx: 2,
      fill: behind ? `url(#${hatchId(options.face)})` : CATEGORY_COLORS[device.category],
      stroke: behind ? CATEGORY_COLORS[device.category] : device.status === 'failed' ? COLOR.failed : 'rgba(255,255,255,0.18)',
      'stroke-width': behind ? 2 : undefined,
      'stroke-dasharray': device.status === 'planned' || device.status === 'staged' ? '4 3' : undefined,
    })}/>`,
  );

  const cells = behind ? [] : acceleratorCells(device, options.slotsByType);
  const cellsWidth = cells.length * (CELL_PX + CELL_GAP_PX) - CELL_GAP_PX;
  // Cells go under the name when the block is two units or more, beside it in a single U.
  const cellsBeside = cells.length > 0 && device.uHeight < 2;
  const mark = STATUS_MARKS[device.status];
  const markWidth = mark ? mark.length * SANS_CHAR_PX + 8 : 0;
  const nameRoom = width - 12 - markWidth - (cellsBeside ? cellsWidth + 8 : 0);
  const name = device.hostname ?? device.model;
  const textFill = behind ? COLOR.textMuted : COLOR.text;
  const line1 = top + Math.min(height / 2 + 4, 13);
  parts.push(
    text(x + 6, line1, fitText(name, Math.floor(nameRoom / (device.hostname ? MONO_CHAR_PX : SANS_CHAR_PX))), {
      class: 'fw-device-name',
      fill: textFill,
      'font-size': FONT_PX,
      'font-family': device.hostname ? FONT_MONO : FONT_SANS,
    }),
  );
  if (mark) {
    parts.push(text(x + width - 5, line1, mark, { class: 'fw-device-status', 'text-anchor': 'end', fill: device.status === 'failed' ? COLOR.failed : COLOR.textMuted, 'font-size': FONT_PX, 'font-weight': 700, 'font-family': FONT_SANS }));
  }
  const roomForModel = device.uHeight >= 3 || (device.uHeight === 2 && cells.length === 0);
  if (device.hostname && roomForModel) {
    parts.push(text(x + 6, line1 + 13, fitText(`${device.vendor} ${device.model}`, Math.floor((width - 12) / SANS_CHAR_PX)), { class: 'fw-device-model', fill: COLOR.textMuted, 'font-size': FONT_PX, 'font-family': FONT_SANS }));
  }
  if (cells.length > 0) {
    const cellsX = cellsBeside ? x + width - 6 - cellsWidth : x + 6;
    const cellsY = cellsBeside ? top + (height - CELL_PX) / 2 : top + height - CELL_PX - 3;
    parts.push(`<g class="fw-accels">${cellMarkup(device, cells, cellsX, cellsY, options.selectedAcceleratorId)}</g>`);
  }
  if (selected) {
    parts.push(`<rect${attrs({ class: 'fw-selected-outline', x: x - 1, y: top - 1, width: width + 2, height: height + 2, rx: 3, fill: 'none', stroke: COLOR.selected, 'stroke-width': 2 })}/>`);
  }
  return `<g${attrs({ class: classes.join(' '), 'data-device-id': device.id })}><title>${escapeXml(deviceTitle(device))}</title>${parts.join('')}</g>`;
}

function zeroUDevice(device: ElevationDevice, index: number, options: ElevationOptions, y: ScaleLinear<number, number>, uHeight: number, bayX: number): string {
  const left = index % 2 === 0;
  const x = left ? bayX - RAIL_PX + 2 : bayX + BAY_PX + 2;
  const width = RAIL_PX - 4;
  const top = y(uHeight + 1) + UNIT_PX / 2;
  const height = uHeight * UNIT_PX - UNIT_PX;
  const selected = device.id === options.selectedDeviceId;
  const label = device.hostname ?? device.model;
  const cx = x + width / 2;
  const cy = top + height / 2;
  const parts = [
    `<rect${attrs({ class: 'fw-device-body', x, y: top, width, height, rx: 2, fill: CATEGORY_COLORS[device.category], stroke: selected ? COLOR.selected : 'rgba(255,255,255,0.18)', 'stroke-width': selected ? 2 : 1 })}/>`,
    text(cx, cy, fitText(label, Math.floor((height - 8) / MONO_CHAR_PX)), {
      class: 'fw-device-name',
      'text-anchor': 'middle',
      'dominant-baseline': 'central',
      transform: `rotate(-90 ${num(cx)} ${num(cy)})`,
      fill: COLOR.text,
      'font-size': FONT_PX,
      'font-family': FONT_MONO,
    }),
  ];
  const classes = ['fw-device', 'fw-zero-u', `fw-cat-${device.category}`];
  if (selected) classes.push('fw-selected');
  return `<g${attrs({ class: classes.join(' '), 'data-device-id': device.id })}><title>${escapeXml(deviceTitle(device))}</title>${parts.join('')}</g>`;
}

function devices(rack: ElevationRack, options: ElevationOptions, y: ScaleLinear<number, number>, bayX: number): string {
  const mounted = rack.devices
    .filter((d) => visibleOn(d, options.face))
    // Gear behind (full-depth, other face) first, so what is on this face draws on top of it.
    .sort((a, b) => Number(a.face === options.face) - Number(b.face === options.face) || (a.uPosition ?? 0) - (b.uPosition ?? 0));
  const rails = rack.devices.filter((d) => isZeroU(d) && d.face === options.face);
  const parts = mounted.map((d) => mountedDevice(d, options, y, bayX));
  rails.forEach((d, index) => parts.push(zeroUDevice(d, index, options, y, rack.uHeight, bayX)));
  return `<g class="fw-devices">${parts.join('')}</g>`;
}

function border(rack: ElevationRack, y: ScaleLinear<number, number>, bayX: number): string {
  const top = y(rack.uHeight + 1);
  const height = rack.uHeight * UNIT_PX;
  return (
    `<g class="fw-border">` +
    `<rect${attrs({ x: bayX - RAIL_PX, y: top, width: BAY_PX + RAIL_PX * 2, height, fill: 'none', stroke: COLOR.border, 'stroke-width': 2 })}/>` +
    `<line${attrs({ x1: bayX, y1: top, x2: bayX, y2: top + height, stroke: COLOR.border, 'stroke-width': 1 })}/>` +
    `<line${attrs({ x1: bayX + BAY_PX, y1: top, x2: bayX + BAY_PX, y2: top + height, stroke: COLOR.border, 'stroke-width': 1 })}/>` +
    `</g>`
  );
}

/** One face of a rack as a standalone SVG document fragment (string). */
export function renderElevation(rack: ElevationRack, options: ElevationOptions): string {
  const { width, height } = elevationSize(rack.uHeight);
  const bayX = PAD_PX + LABEL_PX + RAIL_PX;
  // U boundaries: the top of U n is boundary n + 1; U1 sits at the bottom.
  const y = scaleLinear()
    .domain([rack.uHeight + 1, 1])
    .range([HEADER_PX + PAD_PX, HEADER_PX + PAD_PX + rack.uHeight * UNIT_PX]);
  const label = `${rack.name} ${options.face} elevation`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg"${attrs({ class: 'fw-elevation', 'data-face': options.face, width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': label })}>`,
    `<title>${escapeXml(label)}</title>`,
    defs(options.face),
    `<rect${attrs({ class: 'fw-background', x: 0, y: 0, width, height, fill: COLOR.background })}/>`,
    header(rack, options, width),
    unitLabels(rack.uHeight, y),
    emptySlots(rack, options, y, bayX),
    devices(rack, options, y, bayX),
    border(rack, y, bayX),
    '</svg>',
  ].join('');
}
