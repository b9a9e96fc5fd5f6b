import { describe, expect, it } from 'vitest';
import { ASHRAE_ENVELOPES, bandOf, bandsOf } from '../../app/heatmap/bands';
import { colorAt, inletScale, makeScale, paintField, LUT_SIZE } from '../../app/heatmap/color';
import { legendBands } from '../../app/heatmap/colouring';
import { defaultThresholds } from '../../app/heatmap/thresholds';

describe('ASHRAE bands', () => {
  it('carries the TC 9.9 envelopes per class', () => {
    expect(ASHRAE_ENVELOPES.A1).toEqual({ recommendedMinC: 18, recommendedMaxC: 27, allowableMinC: 15, allowableMaxC: 32 });
    expect(ASHRAE_ENVELOPES.A2.allowableMaxC).toBe(35);
    expect(ASHRAE_ENVELOPES.A3).toMatchObject({ allowableMinC: 5, allowableMaxC: 40 });
    expect(ASHRAE_ENVELOPES.A4).toMatchObject({ allowableMinC: 5, allowableMaxC: 45 });
    expect(ASHRAE_ENVELOPES.H1).toEqual({ recommendedMinC: 18, recommendedMaxC: 22, allowableMinC: 5, allowableMaxC: 25 });
  });

  it('keeps the edges inside their ranges: 27.0 °C is recommended, 27.01 °C is not', () => {
    const a1 = ASHRAE_ENVELOPES.A1;
    expect(bandOf(a1, 27.0)).toBe('recommended');
    expect(bandOf(a1, 27.01)).toBe('allowable-high');
    expect(bandOf(a1, 18.0)).toBe('recommended');
    expect(bandOf(a1, 17.99)).toBe('allowable-low');
    expect(bandOf(a1, 15.0)).toBe('allowable-low');
    expect(bandOf(a1, 14.99)).toBe('below-allowable');
    expect(bandOf(a1, 32.0)).toBe('allowable-high');
    expect(bandOf(a1, 32.01)).toBe('above-allowable');
    expect(bandOf(ASHRAE_ENVELOPES.A2, 35.0)).toBe('allowable-high');
    expect(bandOf(ASHRAE_ENVELOPES.A2, 35.1)).toBe('above-allowable');
  });

  it('uses the tighter H1 envelope: 22.0 recommended, 22.5 allowable, 25.0 allowable, 25.5 out', () => {
    const h1 = ASHRAE_ENVELOPES.H1;
    expect(bandOf(h1, 22.0)).toBe('recommended');
    expect(bandOf(h1, 22.5)).toBe('allowable-high');
    expect(bandOf(h1, 25.0)).toBe('allowable-high');
    expect(bandOf(h1, 25.5)).toBe('above-allowable');
    expect(bandOf(h1, 5.0)).toBe('allowable-low');
  });

  it('lists five contiguous bands for the legend, open at both ends (null in JSON)', () => {
    const bands = bandsOf(ASHRAE_ENVELOPES.A2, 'A2');
    expect(bands.map((b) => [b.fromC, b.toC])).toEqual([
      [Number.NEGATIVE_INFINITY, 10],
      [10, 18],
      [18, 27],
      [27, 35],
      [35, Number.POSITIVE_INFINITY],
    ]);
    const room = { id: 1, name: 'DH1', siteCode: 'PHX1', timeZone: 'America/Phoenix', ashraeClass: 'A2' as const, widthTiles: 10, depthTiles: 10, tileMm: 600 };
    const legend = legendBands(room, defaultThresholds('A2'));
    expect(legend[0]?.fromC).toBeNull();
    expect(legend[4]?.toC).toBeNull();
    expect(JSON.parse(JSON.stringify(legend))).toEqual(legend);
    expect(legend[2]?.label).toBe('A2 recommended');
  });
});

describe('colour scales', () => {
  it('steps hue exactly at a band edge: the upper band colour starts at the edge', () => {
    const stops = [
      { at: 0, color: '#000000' },
      { at: 10, color: '#0000ff' },
      { at: 10, color: '#ff0000' },
      { at: 20, color: '#ffffff' },
    ];
    expect(colorAt(stops, 5)).toBe('#000080');
    expect(colorAt(stops, 9.999)).toBe('#0000ff');
    expect(colorAt(stops, 10)).toBe('#ff0000');
    expect(colorAt(stops, 25)).toBe('#ffffff');
    expect(colorAt(stops, -3)).toBe('#000000');
  });

  it('paints the recommended band green and the warm allowable band amber in the inlet scale', () => {
    const scale = inletScale(ASHRAE_ENVELOPES.A1);
    expect(colorAt(scale.stops, 18)).toBe('#2b8a3e');
    expect(colorAt(scale.stops, 27)).toBe('#ffd43b');
    expect(colorAt(scale.stops, 26.99)).toMatch(/^#a[89a]e[34]4[ab]$/);
  });

  it('paints a field through the lookup table, transparent where unknown, clamped at the ends', () => {
    const scale = makeScale(
      [
        { at: 0, color: '#000000' },
        { at: 100, color: '#ffffff' },
      ],
      0,
      100,
    );
    expect(scale.lut.length).toBe(LUT_SIZE * 4);
    const out = paintField(Float32Array.from([Number.NaN, -50, 50, 500]), scale, new Uint8ClampedArray(16), 200);
    expect(out[3]).toBe(0);
    expect(Array.from(out.slice(4, 8))).toEqual([0, 0, 0, 200]);
    expect(out[8]).toBeGreaterThanOrEqual(126);
    expect(out[8]).toBeLessThanOrEqual(129);
    expect(Array.from(out.slice(12, 16))).toEqual([255, 255, 255, 200]);
  });
});
