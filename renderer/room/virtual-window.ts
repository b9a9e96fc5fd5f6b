/** Which rows of a fixed-row-height list are on screen (plus a few either side). Pure. */
export interface RowWindow {
  readonly first: number;
  /** One past the last row to render. */
  readonly last: number;
  readonly offsetPx: number;
  readonly totalPx: number;
}

export function rowWindow(rowCount: number, rowPx: number, scrollTopPx: number, viewportPx: number, overscanRows = 8): RowWindow {
  const first = Math.max(0, Math.floor(scrollTopPx / rowPx) - overscanRows);
  const last = Math.min(rowCount, Math.ceil((scrollTopPx + viewportPx) / rowPx) + overscanRows);
  return { first, last: Math.max(first, last), offsetPx: first * rowPx, totalPx: rowCount * rowPx };
}

/** The scroll position that brings row `index` into view, or the current one if it already is. */
export function scrollToRow(index: number, rowPx: number, scrollTopPx: number, viewportPx: number): number {
  const top = index * rowPx;
  if (top < scrollTopPx) return top;
  if (top + rowPx > scrollTopPx + viewportPx) return top + rowPx - viewportPx;
  return scrollTopPx;
}
