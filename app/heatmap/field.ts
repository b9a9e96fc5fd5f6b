/**
 * The inlet-temperature field: scattered readings (rack front faces, floor sensors) interpolated over the
 * room's floor grid. Pure and allocation-free per cell, so it runs the same in the CLI, in a Node
 * worker_thread (benchmark) and in the renderer's Web Worker.
 *
 * Method: inverse-distance weighting with a search radius R, power 2, tapered so a reading's weight falls
 * smoothly to zero at R instead of switching off there (which would cut visible steps into the field):
 *
 *     w(d) = (R² − d²)² / d²      for d < R,   0 otherwise
 *
 * Near a reading this behaves like 1/d² (times R⁴, a constant that cancels in the weighted mean); at R both
 * the weight and its slope are zero. No square root per cell is needed. A cell centre that coincides with
 * a reading takes that reading's value (the mean, when several coincide). A cell with no reading within
 * the coverage distance (R/2 unless set) is unknown (NaN): the map shows "no data" there instead of
 * inventing a temperature.
 *
 * Speed: readings are scattered, not gathered. Each reading writes its weight into the cells inside its
 * radius (the rows of the bounding square, clipped to the circle), so the work is points × πR² cells no
 * matter how large the room is, with no spatial index to build and no per-cell allocation: the same
 * locality as binning the points, without the bins.
 */

export interface FieldGridSpec {
  /** Room size in tiles. */
  readonly widthTiles: number;
  readonly depthTiles: number;
  /** Resolution: cells along one tile edge (1 = one value per tile). */
  readonly cellsPerTile: number;
  /** Search radius, tiles: readings farther than this from a cell have no weight there. */
  readonly radiusTiles: number;
  /**
   * Cells farther than this from every reading stay unknown; half the radius by default. Near the edge of
   * the radius only the nearest readings still weigh, and the field degenerates into copies of them
   * (bright cones running away from a hot rack); stopping the coverage at half the radius keeps only
   * cells where the neighbourhood is well sampled.
   */
  readonly coverageTiles?: number;
}

export interface FieldPoints {
  /** Tile coordinates (x east, y south) and values, one entry per reading; `count` of them are used. */
  readonly xs: Float64Array | Float32Array;
  readonly ys: Float64Array | Float32Array;
  readonly values: Float64Array | Float32Array;
  readonly count: number;
}

export interface Field {
  readonly cols: number;
  readonly rows: number;
  readonly cellsPerTile: number;
  /** Row-major (index = row * cols + col); NaN = masked or no reading within the radius. */
  readonly values: Float32Array;
  /** Extremes of the known cells; NaN when no cell is known. */
  readonly min: number;
  readonly max: number;
}

/**
 * Added to d² so a cell centre exactly on a reading gets a finite, overwhelming weight (≈ R⁴ / 1e-12)
 * instead of 1/0: the cell then takes that reading's value (the mean of coincident readings) to well
 * within float32 precision, and the inner loop needs no branch.
 */
const COINCIDENT_EPSILON_CELLS2 = 1e-12;

export function gridSize(spec: Pick<FieldGridSpec, 'widthTiles' | 'depthTiles' | 'cellsPerTile'>): { cols: number; rows: number } {
  return { cols: Math.max(1, Math.round(spec.widthTiles * spec.cellsPerTile)), rows: Math.max(1, Math.round(spec.depthTiles * spec.cellsPerTile)) };
}

/** Where the centre of a cell lies, in tiles. */
export function cellCentreTiles(col: number, row: number, cellsPerTile: number): { x: number; y: number } {
  return { x: (col + 0.5) / cellsPerTile, y: (row + 0.5) / cellsPerTile };
}

/**
 * Reusable buffers (weight and weighted sum interleaved per cell; whether a reading lies within the
 * coverage distance), so a worker computing frame after frame allocates nothing.
 */
export interface FieldScratch {
  readonly sums: Float64Array;
  readonly covered: Uint8Array;
}

export function fieldScratch(cells: number): FieldScratch {
  return { sums: new Float64Array(cells * 2), covered: new Uint8Array(cells) };
}

/** Average readings wanted inside the search radius when it is chosen from the readings' density. */
export const NEIGHBOURS_IN_RADIUS = 12;
export const MIN_RADIUS_TILES = 2;
export const MAX_RADIUS_TILES = 8;

/**
 * A search radius that holds about NEIGHBOURS_IN_RADIUS readings on average (πR²·density = k), within
 * [MIN_RADIUS_TILES, MAX_RADIUS_TILES]: wide enough to bridge an aisle between rows of inlets, small
 * enough that a hot spot stays local and the work stays bounded.
 */
export function autoRadiusTiles(pointCount: number, areaTiles: number): number {
  if (pointCount <= 0 || areaTiles <= 0) return MAX_RADIUS_TILES;
  const radius = Math.sqrt((NEIGHBOURS_IN_RADIUS * areaTiles) / (Math.PI * pointCount));
  return Math.round(Math.max(MIN_RADIUS_TILES, Math.min(MAX_RADIUS_TILES, radius)) * 100) / 100;
}

/** Most cells a field may have; resolution drops for very large rooms to stay under it. */
export const MAX_FIELD_CELLS = 250_000;

/** Cells per tile for a room: up to 4 (15 cm at 600 mm tiles), fewer for large rooms. */
export function autoCellsPerTile(widthTiles: number, depthTiles: number): number {
  const fit = Math.floor(Math.sqrt(MAX_FIELD_CELLS / Math.max(1, widthTiles * depthTiles)));
  return Math.max(1, Math.min(4, fit));
}

/**
 * Interpolates the readings over the grid. `mask` (optional, length cols × rows) marks the cells to
 * compute with 1; cells with 0 (under a rack) come out NaN. `out` and `scratch` may be passed to reuse
 * buffers between frames.
 */
export function interpolateField(
  spec: FieldGridSpec,
  points: FieldPoints,
  mask?: Uint8Array | null,
  out?: Float32Array,
  scratch?: FieldScratch,
): Field {
  const { cols, rows } = gridSize(spec);
  const cells = cols * rows;
  const values = out && out.length === cells ? out : new Float32Array(cells);
  const { sums, covered } = scratch && scratch.sums.length === cells * 2 ? scratch : fieldScratch(cells);
  sums.fill(0);
  covered.fill(0);

  const cpt = spec.cellsPerTile;
  const radius = spec.radiusTiles * cpt;
  const radius2 = radius * radius;
  const coverage = Math.min(radius, (spec.coverageTiles ?? spec.radiusTiles / 2) * cpt);
  const coverage2 = coverage * coverage;
  const count = Math.min(points.count, points.xs.length, points.ys.length, points.values.length);

  for (let k = 0; k < count; k++) {
    const v = points.values[k] as number;
    // In cell units the centre of cell (c, r) is at (c, r): shift the reading by half a cell.
    const px = (points.xs[k] as number) * cpt - 0.5;
    const py = (points.ys[k] as number) * cpt - 0.5;
    if (!Number.isFinite(v) || !Number.isFinite(px) || !Number.isFinite(py)) continue;
    const r0 = Math.max(0, Math.ceil(py - radius));
    const r1 = Math.min(rows - 1, Math.floor(py + radius));
    for (let r = r0; r <= r1; r++) {
      const dy = r - py;
      const dy2 = dy * dy;
      // The circle's chord on this row: |dx| ≤ span keeps d² ≤ R², so the weight is never negative.
      const span = Math.sqrt(Math.max(0, radius2 - dy2));
      const c0 = Math.max(0, Math.ceil(px - span));
      const c1 = Math.min(cols - 1, Math.floor(px + span));
      const rowStart = r * cols;
      let i = (rowStart + c0) * 2;
      for (let c = c0; c <= c1; c++, i += 2) {
        const dx = c - px;
        const d2 = dx * dx + dy2;
        const t = radius2 - d2;
        const w = (t * t) / (d2 + COINCIDENT_EPSILON_CELLS2);
        sums[i] = (sums[i] as number) + w;
        sums[i + 1] = (sums[i + 1] as number) + w * v;
      }
      // The coverage chord (strictly inside the coverage distance), marked with one native fill.
      if (dy2 < coverage2) {
        const inner = Math.sqrt(coverage2 - dy2);
        const k0 = Math.max(0, Math.floor(px - inner) + 1);
        const k1 = Math.min(cols - 1, Math.ceil(px + inner) - 1);
        if (k1 >= k0) covered.fill(1, rowStart + k0, rowStart + k1 + 1);
      }
    }
  }

  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < cells; i++) {
    const weight = sums[i * 2] as number;
    if (weight > 0 && covered[i] === 1 && !(mask && mask[i] === 0)) {
      values[i] = (sums[i * 2 + 1] as number) / weight;
      // Compare the stored (float32) value so min/max match what is drawn.
      const stored = values[i] as number;
      if (stored < min) min = stored;
      if (stored > max) max = stored;
    } else {
      values[i] = Number.NaN;
    }
  }
  return { cols, rows, cellsPerTile: cpt, values, min: min === Infinity ? Number.NaN : min, max: max === -Infinity ? Number.NaN : max };
}

/** The field's value at a floor position (nearest cell), NaN outside the grid or where unknown. */
export function fieldValueAt(field: Field, xTiles: number, yTiles: number): number {
  const c = Math.floor(xTiles * field.cellsPerTile);
  const r = Math.floor(yTiles * field.cellsPerTile);
  if (c < 0 || r < 0 || c >= field.cols || r >= field.rows) return Number.NaN;
  return field.values[r * field.cols + c] as number;
}
