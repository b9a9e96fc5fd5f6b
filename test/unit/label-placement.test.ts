import { describe, expect, it } from 'vitest';
import { anchoredBox, placeWithoutOverlap, ticksThatFit } from '../../renderer/floor/label-placement';

describe('label placement without collisions (issue 16)', () => {
  it('drops a label that would touch one placed before it, keeps those that are clear', () => {
    const boxes = [
      { x: 0, y: 0, w: 40, h: 14 },
      { x: 30, y: 5, w: 40, h: 14 },
      { x: 0, y: 20, w: 40, h: 14 },
      { x: 100, y: 0, w: 10, h: 10 },
    ];
    expect(placeWithoutOverlap(boxes)).toEqual([0, 2, 3]);
    // With a wider clearance the third one touches the first too.
    expect(placeWithoutOverlap(boxes, 8)).toEqual([0, 3]);
  });

  it('keeps both ends of a ramp and never writes "14 °C18 °C"', () => {
    const ticks = [
      { at: 0, label: '14 °C' },
      { at: 0.05, label: '18 °C' },
      { at: 0.55, label: '27 °C' },
      { at: 1, label: '35 °C' },
    ];
    const kept = ticksThatFit(ticks, 240, 7).map((t) => t.label);
    expect(kept).toEqual(['14 °C', '27 °C', '35 °C']);
    // On a wide ramp all four fit.
    expect(ticksThatFit(ticks, 1200, 7)).toHaveLength(4);
  });

  it('boxes a right-anchored, vertically centred row label to the left of its point', () => {
    expect(anchoredBox(100, 50, 30, 14, 'end', 'middle')).toEqual({ x: 70, y: 43, w: 30, h: 14 });
    expect(anchoredBox(100, 50, 30, 14, 'middle', 'bottom')).toEqual({ x: 85, y: 36, w: 30, h: 14 });
  });
});
