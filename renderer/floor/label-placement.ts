/**
 * Labels that never overlap: boxes are taken in priority order and a box that would touch one already
 * placed is left out. Used for the legend's ticks and the map's row labels, at every zoom. Pure.
 */

export interface LabelBox {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/** Indexes of the boxes kept, in the order given (earlier = more important), with `gapPx` clear around each. */
export function placeWithoutOverlap(boxes: readonly LabelBox[], gapPx = 2): number[] {
  const kept: number[] = [];
  for (let i = 0; i < boxes.length; i += 1) {
    const b = boxes[i]!;
    const clash = kept.some((j) => {
      const o = boxes[j]!;
      return b.x < o.x + o.w + gapPx && o.x < b.x + b.w + gapPx && b.y < o.y + o.h + gapPx && o.y < b.y + b.h + gapPx;
    });
    if (!clash) kept.push(i);
  }
  return kept;
}

/** The box of a label anchored at (x, y) by its right end ('end'), its centre or its left end ('start'). */
export function anchoredBox(x: number, y: number, w: number, h: number, anchor: 'start' | 'middle' | 'end', baseline: 'middle' | 'bottom'): LabelBox {
  const left = anchor === 'end' ? x - w : anchor === 'middle' ? x - w / 2 : x;
  const top = baseline === 'middle' ? y - h / 2 : y - h;
  return { x: left, y: top, w, h };
}

export interface Tick {
  readonly at: number;
  readonly label: string;
}

/**
 * The ticks of a colour ramp `widthPx` wide that can be written without touching: both ends first, then
 * the rest from the middle out. Returns them in ramp order.
 */
export function ticksThatFit<T extends Tick>(ticks: readonly T[], widthPx: number, charPx: number): T[] {
  if (ticks.length === 0) return [];
  const boxes = ticks.map((t) => {
    const w = t.label.length * charPx;
    const x = t.at * widthPx;
    return { x: t.at <= 0 ? x : t.at >= 1 ? x - w : x - w / 2, y: 0, w, h: 1 };
  });
  const order = ticks.map((_, i) => i).sort((a, b) => priority(ticks, a) - priority(ticks, b));
  const keptInOrder = placeWithoutOverlap(order.map((i) => boxes[i]!), charPx);
  return keptInOrder.map((k) => order[k]!).sort((a, b) => a - b).map((i) => ticks[i]!);
}

function priority(ticks: readonly Tick[], i: number): number {
  if (i === 0 || i === ticks.length - 1) return -1;
  return Math.abs((ticks[i]?.at ?? 0.5) - 0.5);
}
