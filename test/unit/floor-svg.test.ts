import { afterEach, describe, expect, it } from 'vitest';
import { floorData } from '../../app/floor/data';
import type { FloorData } from '../../app/floor/types';
import { buildFloorScene, HEALTH_COLORS, rackLabelFor, scaleBar, shortRackName, FLOOR_THEME } from '../../app/render/floor-scene';
import { floorSvg } from '../../app/render/floor-svg';
import { smallRoom, type SmallRoom } from '../fixtures/floor/small-room';

let fixture: SmallRoom | undefined;
afterEach(() => fixture?.db.close());

function data(): FloorData {
  fixture = smallRoom();
  return floorData(fixture.db, fixture.roomId);
}

/** Coordinates change with any layout tweak; the snapshot is about what is drawn, so numbers in geometry attributes become #. */
function normalise(svg: string): string {
  return svg.replace(/\b(x|y|x1|y1|x2|y2|cx|cy|r|width|height|d|transform|viewBox|stroke-width|font-size|offset)="([^"]*)"/g, (_, name: string, value: string) => `${name}="${value.replace(/-?\d+(\.\d+)?/g, '#')}"`);
}

const count = (svg: string, pattern: RegExp): number => (svg.match(pattern) ?? []).length;

describe('floor scene', () => {
  it('colours racks by power against their budget, grey without data, with a legend that counts', () => {
    const d = data();
    const scene = buildFloorScene(d, { colorBy: 'power' });
    expect(scene.racks).toHaveLength(10);
    const a01 = scene.racks.find((r) => r.name === 'A-01')!;
    expect(a01.valueText).toBe('10.2 of 40.0 kW (26 %)');
    expect(a01.noData).toBe(false);
    expect(scene.legend.swatches).toEqual([{ label: 'over budget', color: HEALTH_COLORS.failed, count: 0 }]);
    expect(scene.legend.emptyNote).toBeNull();

    const inlet = buildFloorScene(d, { colorBy: 'inlet' });
    expect(inlet.racks.every((r) => r.noData && r.fill === FLOOR_THEME.noData)).toBe(true);
    expect(inlet.legend.title).toMatch(/ASHRAE A1 recommends 18–27 °C/);
    expect(inlet.legend.emptyNote).toMatch(/No inlet temperatures yet/);
    expect(inlet.legend.swatches).toEqual([{ label: 'no data', color: FLOOR_THEME.noData, count: 10 }]);
  });

  it('colours by status with the worst state of the rack, and counts each state', () => {
    const scene = buildFloorScene(data(), { colorBy: 'status' });
    expect(scene.racks.find((r) => r.name === 'A-01')!.fill).toBe(HEALTH_COLORS.failed);
    expect(scene.racks.find((r) => r.name === 'B-01')!.fill).toBe(HEALTH_COLORS.empty);
    expect(Object.fromEntries(scene.legend.swatches.map((s) => [s.label, s.count]))).toMatchObject({ 'failed device or GPU': 1, 'no devices': 9 });
  });

  it('shortens rack names within their row and picks the label that fits', () => {
    expect(shortRackName('R01-03', 'R01')).toBe('03');
    expect(shortRackName('r01_N1', 'R01')).toBe('N1');
    expect(shortRackName('SPARE-1', 'R01')).toBe('SPARE-1');
    expect(shortRackName('R01', 'R01')).toBe('R01');
    const rack = buildFloorScene(data(), { colorBy: 'power' }).racks[0]!;
    expect(rackLabelFor(rack, 60, 120, 10)).toEqual({ text: rack.name, vertical: false });
    expect(rackLabelFor(rack, 20, 40, 10)).toEqual({ text: rack.shortName, vertical: false });
    expect(rackLabelFor(rack, 6, 12, 10)).toBeNull();
  });

  it('chooses a round scale bar length', () => {
    expect(scaleBar(600, 10, 100).meters).toBe(5);
    expect(scaleBar(600, 10, 100).px).toBeCloseTo(83.33, 2);
    expect(scaleBar(600, 30, 160).meters).toBe(2);
  });
});

describe('floor SVG', () => {
  it('draws the room, aisles, cooling units, racks with fronts and labels, sensors and the legend', () => {
    fixture = smallRoom();
    fixture.db.prepare("UPDATE racks SET name = 'C-<&>' WHERE name = 'C-02'").run();
    const svg = floorSvg(buildFloorScene(floorData(fixture.db, fixture.roomId), { colorBy: 'status' }), { tilePx: 24, selectedIds: new Set([fixture.rack('A-02')]) });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(count(svg, /<rect class="fw-rack[^"]*" data-rack-id="\d+"/g)).toBe(10);
    expect(count(svg, /class="fw-rack fw-selected"/g)).toBe(1);
    expect(count(svg, /class="fw-aisle fw-aisle-cold"/g)).toBe(1);
    expect(count(svg, /class="fw-aisle fw-aisle-hot"/g)).toBe(1);
    expect(svg).toContain('COLD AISLE');
    expect(count(svg, /class="fw-unit fw-unit-CDU"/g)).toBe(1);
    expect(count(svg, /<circle/g)).toBe(1);
    expect(count(svg, /class="fw-row-label"/g)).toBe(3);
    // Inventory text is escaped, in labels and tooltips alike.
    expect(svg).toContain('C-&lt;&amp;&gt;');
    expect(svg).not.toContain('C-<&>');
    expect(svg).toContain(`fill="${HEALTH_COLORS.failed}"`);
    expect(svg).toContain('Worst device status');
    expect(normalise(svg)).toMatchSnapshot();
  });

  it('gives the same file for the same data, and leaves labels out where racks are too small to hold them', () => {
    const d = data();
    const scene = buildFloorScene(d, { colorBy: 'power' });
    expect(floorSvg(scene)).toBe(floorSvg(scene));
    const tiny = floorSvg(scene, { tilePx: 3 });
    expect(count(tiny, /class="fw-rack-label"/g)).toBe(0);
    expect(count(tiny, /class="fw-grid-minor"/g)).toBe(0);
    expect(count(tiny, /class="fw-row-label"/g)).toBe(3);
  });
});
