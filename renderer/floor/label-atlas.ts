/**
 * Pre-rendered labels. A software-rastered canvas (Chromium without a GPU) spends most of a frame shaping
 * and rasterising glyphs when a zoomed-in hall shows a thousand rack numbers; drawing each distinct label
 * once into a shared bitmap (shelf-packed pages) and blitting it afterwards makes the same frame a few
 * milliseconds. Bitmaps are drawn at device resolution on whole device pixels, so labels stay as crisp as
 * fillText.
 */

const PAGE_WIDTH_PX = 2048;
const PAGE_HEIGHT_PX = 1024;
/** Beyond this many pages the atlas starts over (a zoom through every label size of a huge hall). */
const MAX_PAGES = 6;
const PAD_PX = 2;

export interface AtlasLabel {
  readonly text: string;
  readonly color: string;
  readonly vertical: boolean;
  readonly cx: number;
  readonly cy: number;
}

interface Entry {
  readonly page: HTMLCanvasElement;
  readonly sx: number;
  readonly sy: number;
  readonly w: number;
  readonly h: number;
}

interface Page {
  readonly canvas: HTMLCanvasElement;
  readonly ctx: CanvasRenderingContext2D;
  x: number;
  y: number;
  shelf: number;
}

export class LabelAtlas {
  private readonly entries = new Map<string, Entry>();
  private pages: Page[] = [];

  /**
   * Draws labels centred on their (cx, cy) in CSS px. All missing bitmaps are rendered first and only then
   * blitted: drawing from a page that changed in between makes the browser copy the whole page each time.
   */
  drawAll(ctx: CanvasRenderingContext2D, labels: readonly AtlasLabel[], font: string, dpr: number): void {
    const entries = labels.map((l) => this.entry(l.text, font, l.color, l.vertical, dpr));
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    labels.forEach((l, i) => {
      const e = entries[i];
      if (e) ctx.drawImage(e.page, e.sx, e.sy, e.w, e.h, Math.round(l.cx * dpr - e.w / 2), Math.round(l.cy * dpr - e.h / 2), e.w, e.h);
    });
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  }

  private entry(text: string, font: string, color: string, vertical: boolean, dpr: number): Entry | null {
    const key = `${font}\u0000${color}\u0000${vertical ? 1 : 0}\u0000${dpr}\u0000${text}`;
    const hit = this.entries.get(key);
    if (hit) return hit;
    let page = this.pages[this.pages.length - 1] ?? this.addPage();
    if (!page) return null;
    page.ctx.font = font;
    const metrics = page.ctx.measureText(text);
    const along = Math.ceil(metrics.width * dpr) + PAD_PX * 2;
    const across = Math.ceil((metrics.fontBoundingBoxAscent + metrics.fontBoundingBoxDescent) * dpr) + PAD_PX * 2;
    const w = vertical ? across : along;
    const h = vertical ? along : across;
    if (w > PAGE_WIDTH_PX || h > PAGE_HEIGHT_PX) return null;
    if (page.x + w > PAGE_WIDTH_PX) {
      page.x = 0;
      page.y += page.shelf;
      page.shelf = 0;
    }
    if (page.y + h > PAGE_HEIGHT_PX) {
      page = this.addPage();
      if (!page) return null;
      page.ctx.font = font;
    }
    const c = page.ctx;
    c.fillStyle = color;
    c.textAlign = 'center';
    c.textBaseline = 'middle';
    if (vertical) c.setTransform(0, -dpr, dpr, 0, page.x + w / 2, page.y + h / 2);
    else c.setTransform(dpr, 0, 0, dpr, page.x + w / 2, page.y + h / 2);
    c.fillText(text, 0, 0);
    const entry: Entry = { page: page.canvas, sx: page.x, sy: page.y, w, h };
    page.x += w;
    page.shelf = Math.max(page.shelf, h);
    this.entries.set(key, entry);
    return entry;
  }

  private addPage(): Page | null {
    if (this.pages.length >= MAX_PAGES) {
      this.pages = [];
      this.entries.clear();
    }
    const canvas = document.createElement('canvas');
    canvas.width = PAGE_WIDTH_PX;
    canvas.height = PAGE_HEIGHT_PX;
    const ctx = canvas.getContext('2d');
    if (!ctx) return null;
    const page: Page = { canvas, ctx, x: 0, y: 0, shelf: 0 };
    this.pages.push(page);
    return page;
  }
}
