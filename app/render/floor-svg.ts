import { approxTextWidth, FLOOR_THEME, FONT_SANS, MAJOR_GRID_TILES, rackLabelFor, scaleBar, type FloorScene, type Legend } from './floor-scene';
import { attrs, escapeXml, num, type AttrValue } from './svg-text';

/**
 * The floor map as a standalone SVG document (a string; no DOM): title, the room to scale with its grid,
 * aisles, cooling units, racks in their colours with front markers, sensors, rack and row labels where
 * they fit, then the legend and a scale bar. Every rack carries data-rack-id and a <title> tooltip, so the
 * file is useful in a browser as well as on paper.
 */

export interface FloorSvgOptions {
  /** Pixels per floor tile; by default the map is sized to about 1,600 px across. */
  readonly tilePx?: number;
  readonly selectedIds?: ReadonlySet<number>;
  /** Adds "generated at" under the title; left out by default so the same data gives the same file. */
  readonly generatedAt?: string;
  /** Markup drawn on the floor beneath aisles, units and racks (the heatmap's field), in map px: as the canvas underlay. */
  readonly underlay?: (tilePx: number) => string;
}

const TARGET_MAP_PX = 1600;
const MIN_TILE_PX = 3;
const MAX_TILE_PX = 28;
const MARGIN_PX = 56;
const HEADER_PX = 52;
const LEGEND_PX = 92;
const MIN_WIDTH_PX = 640;
const RAMP_WIDTH_PX = 260;
const FONT_PX = 12;

export function defaultTilePx(widthTiles: number, depthTiles: number): number {
  const fit = Math.floor(TARGET_MAP_PX / Math.max(widthTiles, depthTiles * 0.75, 1));
  return Math.max(MIN_TILE_PX, Math.min(MAX_TILE_PX, fit));
}

function text(x: number, y: number, content: string, extra: Readonly<Record<string, AttrValue>> = {}): string {
  return `<text${attrs({ x, y, ...extra })}>${escapeXml(content)}</text>`;
}

function grid(scene: FloorScene, p: number): string {
  if (p < 4) return '';
  let minor = '';
  let major = '';
  for (let x = 1; x < scene.widthTiles; x++) {
    const segment = `M${num(x * p)} 0V${num(scene.depthTiles * p)}`;
    if (x % MAJOR_GRID_TILES === 0) major += segment;
    else minor += segment;
  }
  for (let y = 1; y < scene.depthTiles; y++) {
    const segment = `M0 ${num(y * p)}H${num(scene.widthTiles * p)}`;
    if (y % MAJOR_GRID_TILES === 0) major += segment;
    else minor += segment;
  }
  return (
    `<path class="fw-grid-minor"${attrs({ d: minor || null, stroke: FLOOR_THEME.gridMinor, 'stroke-width': 1, fill: 'none' })}/>` +
    `<path class="fw-grid-major"${attrs({ d: major || null, stroke: FLOOR_THEME.gridMajor, 'stroke-width': 1, fill: 'none' })}/>`
  );
}

function legendSvg(legend: Legend, x: number, y: number, width: number, scale: { meters: number; px: number }): string {
  const parts: string[] = [text(x, y + 14, legend.title, { 'font-size': FONT_PX + 1, 'font-weight': 600, fill: FLOOR_THEME.text })];
  let swatchX = x;
  const ramp = legend.ramp;
  if (ramp) {
    const stops = ramp.stops
      .map((color, i) => `<stop${attrs({ offset: `${num((i / Math.max(1, ramp.stops.length - 1)) * 100)}%`, 'stop-color': color })}/>`)
      .join('');
    parts.push(
      `<defs><linearGradient id="fw-legend-ramp" x1="0" x2="1" y1="0" y2="0">${stops}</linearGradient></defs>`,
      `<rect class="fw-legend-ramp"${attrs({ x, y: y + 24, width: RAMP_WIDTH_PX, height: 12, fill: 'url(#fw-legend-ramp)' })}/>`,
    );
    for (const tick of ramp.ticks) {
      const tx = x + tick.at * RAMP_WIDTH_PX;
      parts.push(
        `<path${attrs({ d: `M${num(tx)} ${num(y + 36)}v4`, stroke: FLOOR_THEME.textMuted })}/>`,
        text(tx, y + 52, tick.label, { 'font-size': FONT_PX - 1, fill: FLOOR_THEME.textMuted, 'text-anchor': tick.at <= 0 ? 'start' : tick.at >= 1 ? 'end' : 'middle' }),
      );
    }
    swatchX = x + RAMP_WIDTH_PX + 28;
  }
  let sx = swatchX;
  let sy = y + 24;
  for (const swatch of legend.swatches) {
    const label = `${swatch.label} (${swatch.count.toLocaleString('en-US')})`;
    const w = 18 + approxTextWidth(label, FONT_PX - 1) + 16;
    if (sx + w > x + width && sx > swatchX) {
      sx = swatchX;
      sy += 18;
    }
    parts.push(
      `<g class="fw-legend-swatch"><rect${attrs({ x: sx, y: sy, width: 12, height: 12, rx: 2, fill: swatch.color })}/>` +
        `${text(sx + 18, sy + 10, label, { 'font-size': FONT_PX - 1, fill: FLOOR_THEME.text })}</g>`,
    );
    sx += w;
  }
  if (legend.emptyNote) parts.push(text(x, y + 78, legend.emptyNote, { class: 'fw-legend-note', 'font-size': FONT_PX - 1, fill: FLOOR_THEME.textMuted, 'font-style': 'italic' }));
  const barX = x + width - scale.px;
  parts.push(
    `<g class="fw-scale-bar"><path${attrs({ d: `M${num(barX)} ${num(y + 70)}v6h${num(scale.px)}v-6`, stroke: FLOOR_THEME.text, fill: 'none', 'stroke-width': 1.5 })}/>` +
      `${text(barX + scale.px / 2, y + 66, `${scale.meters} m`, { 'font-size': FONT_PX - 1, fill: FLOOR_THEME.text, 'text-anchor': 'middle' })}</g>`,
  );
  return `<g class="fw-legend">${parts.join('')}</g>`;
}

export function floorSvg(scene: FloorScene, options: FloorSvgOptions = {}): string {
  const p = options.tilePx ?? defaultTilePx(scene.widthTiles, scene.depthTiles);
  const mapW = scene.widthTiles * p;
  const mapH = scene.depthTiles * p;
  const width = Math.max(MIN_WIDTH_PX, mapW + MARGIN_PX * 2);
  const height = HEADER_PX + mapH + MARGIN_PX / 2 + LEGEND_PX;
  const mapX = Math.round((width - mapW) / 2);
  const mapY = HEADER_PX;
  const selected = options.selectedIds ?? new Set<number>();
  const rackFont = Math.max(7, Math.min(11, p * 0.5));
  const out: string[] = [];

  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg"${attrs({ width, height, viewBox: `0 0 ${width} ${height}`, 'font-family': FONT_SANS, class: 'fw-floor-map' })}>`,
    `<title>${escapeXml(`Floor map ${scene.title}: ${scene.legend.title}`)}</title>`,
    `<rect class="fw-background"${attrs({ width, height, fill: FLOOR_THEME.background })}/>`,
    `<g class="fw-header">${text(MARGIN_PX / 2, 24, `Floor map ${scene.title}`, { 'font-size': 17, 'font-weight': 600, fill: FLOOR_THEME.text })}` +
      text(MARGIN_PX / 2, 42, `${scene.widthTiles} × ${scene.depthTiles} tiles of ${scene.tileMm} mm · ${scene.racks.length.toLocaleString('en-US')} racks · coloured by ${scene.legend.title.toLowerCase()}${options.generatedAt ? ` · ${options.generatedAt}` : ''}`, {
        'font-size': FONT_PX,
        fill: FLOOR_THEME.textMuted,
      }) +
      '</g>',
    `<g class="fw-map"${attrs({ transform: `translate(${mapX} ${mapY})` })}>`,
    `<rect class="fw-floor"${attrs({ width: mapW, height: mapH, fill: FLOOR_THEME.floor })}/>`,
    grid(scene, p),
  );

  if (options.underlay) out.push(options.underlay(p));
  out.push('<g class="fw-aisles">');
  for (const aisle of scene.aisles) {
    const r = aisle.rect;
    out.push(`<rect${attrs({ class: `fw-aisle fw-aisle-${aisle.kind}`, x: r.x * p, y: r.y * p, width: r.w * p, height: r.h * p, fill: FLOOR_THEME.aisle[aisle.kind] })}/>`);
    const vertical = r.h > r.w;
    const along = (vertical ? r.h : r.w) * p;
    const across = (vertical ? r.w : r.h) * p;
    if (across >= 10 && approxTextWidth(aisle.label, 9) < along) {
      const cx = (r.x + r.w / 2) * p;
      const cy = (r.y + r.h / 2) * p;
      out.push(
        text(cx, cy + 3, aisle.label, {
          class: 'fw-aisle-label',
          'font-size': 9,
          'letter-spacing': 1,
          'text-anchor': 'middle',
          fill: FLOOR_THEME.aisleText[aisle.kind],
          transform: vertical ? `rotate(-90 ${num(cx)} ${num(cy)})` : null,
        }),
      );
    }
  }
  out.push('</g>');
  out.push(`<rect class="fw-wall"${attrs({ width: mapW, height: mapH, fill: 'none', stroke: FLOOR_THEME.wall, 'stroke-width': 2 })}/>`);

  out.push('<g class="fw-units">');
  for (const unit of scene.units) {
    const r = unit.rect;
    const f = unit.front;
    out.push(
      `<g${attrs({ class: `fw-unit fw-unit-${unit.kind}`, 'data-unit-id': unit.id })}>` +
        `<rect${attrs({ x: r.x * p, y: r.y * p, width: r.w * p, height: r.h * p, fill: unit.fill, stroke: FLOOR_THEME.rackStroke, 'stroke-width': 1 })}/>` +
        `<path${attrs({ d: `M${num(f.x1 * p)} ${num(f.y1 * p)}L${num(f.x2 * p)} ${num(f.y2 * p)}`, stroke: FLOOR_THEME.front, 'stroke-width': 1.5, 'stroke-dasharray': '3 2' })}/>` +
        `<title>${escapeXml(unit.detail)}</title></g>`,
    );
    if (approxTextWidth(unit.kind, 8) <= r.w * p - 2 && r.h * p >= 10) {
      out.push(text((r.x + r.w / 2) * p, (r.y + r.h / 2) * p + 3, unit.kind, { 'font-size': 8, 'text-anchor': 'middle', fill: FLOOR_THEME.text }));
    }
  }
  out.push('</g>');

  out.push('<g class="fw-racks">');
  let fronts = '';
  for (const rack of scene.racks) {
    const r = rack.rect;
    const isSelected = selected.has(rack.id);
    out.push(
      `<rect${attrs({
        class: isSelected ? 'fw-rack fw-selected' : 'fw-rack',
        'data-rack-id': rack.id,
        x: r.x * p + 0.5,
        y: r.y * p + 0.5,
        width: r.w * p - 1,
        height: r.h * p - 1,
        fill: rack.fill,
        stroke: isSelected ? FLOOR_THEME.selection : FLOOR_THEME.rackStroke,
        'stroke-width': isSelected ? 2 : 1,
      })}><title>${escapeXml(`${rack.name}: ${rack.valueText}`)}</title></rect>`,
    );
    const f = rack.front;
    fronts += `M${num(f.x1 * p)} ${num(f.y1 * p)}L${num(f.x2 * p)} ${num(f.y2 * p)}`;
  }
  out.push('</g>');
  if (fronts) out.push(`<path class="fw-fronts"${attrs({ d: fronts, stroke: FLOOR_THEME.front, 'stroke-width': Math.max(1, p / 8), 'stroke-linecap': 'butt' })}/>`);

  if (p >= 6 && scene.sensors.length > 0) {
    out.push(
      `<g class="fw-sensors"${attrs({ fill: FLOOR_THEME.sensor })}>${scene.sensors
        .map((s) => `<circle${attrs({ cx: s.x * p, cy: s.y * p, r: Math.min(2.5, p / 6) })}><title>${escapeXml(s.name)}</title></circle>`)
        .join('')}</g>`,
    );
  }

  out.push(`<g class="fw-labels"${attrs({ 'font-size': num(rackFont), fill: FLOOR_THEME.text, 'text-anchor': 'middle' })}>`);
  for (const rack of scene.racks) {
    const r = rack.rect;
    const label = rackLabelFor(rack, r.w * p, r.h * p, rackFont);
    if (!label) continue;
    const cx = (r.x + r.w / 2) * p;
    const cy = (r.y + r.h / 2) * p;
    out.push(
      text(cx, cy + rackFont * 0.35, label.text, {
        class: 'fw-rack-label',
        transform: label.vertical ? `rotate(-90 ${num(cx)} ${num(cy)})` : null,
        stroke: FLOOR_THEME.halo,
        'stroke-width': 2.5,
        'paint-order': 'stroke',
      }),
    );
  }
  out.push('</g>');
  out.push(`<g class="fw-row-labels"${attrs({ 'font-size': FONT_PX, 'font-weight': 600, fill: FLOOR_THEME.text })}>`);
  for (const label of scene.rowLabels) {
    out.push(
      text(label.x * p, label.anchor === 'end' ? label.y * p + FONT_PX * 0.35 : label.y * p, label.text, {
        class: 'fw-row-label',
        'text-anchor': label.anchor === 'end' ? 'end' : 'middle',
        stroke: FLOOR_THEME.halo,
        'stroke-width': 3,
        'paint-order': 'stroke',
      }),
    );
  }
  out.push('</g></g>');

  const legendWidth = width - MARGIN_PX;
  out.push(legendSvg(scene.legend, MARGIN_PX / 2, mapY + mapH + MARGIN_PX / 2, legendWidth, scaleBar(scene.tileMm, p, 160)));
  out.push('</svg>');
  return out.join('\n');
}
