import fs from 'node:fs';
import path from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { callLocal } from '../../app/api/dispatch';
import { FloorwalkError } from '../../app/core/errors';
import { resolveRoom } from '../../app/inventory/resolve';
import { buildFloorScene, COLOR_BY_KEYS, isColorBy, type ColorBy } from '../../app/render/floor-scene';
import { healthColouring, rackHealthStates } from '../../app/render/health-colouring';
import { floorSvg } from '../../app/render/floor-svg';
import { stringOption, UsageError, type Command } from './command';
import { withDb } from './commands-core';
import { printJson } from './output';

/** PNGs are rendered at twice the SVG's size, so text stays sharp when zoomed or printed. */
const PNG_SCALE = 2;
/** Text in the PNG uses a system font; DejaVu Sans ships with Debian and most Linux desktops. */
const PNG_FONT_FAMILY = 'DejaVu Sans';

export function svgToPng(svg: string): Buffer {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: PNG_SCALE },
    font: { loadSystemFonts: true, defaultFontFamily: PNG_FONT_FAMILY, sansSerifFamily: PNG_FONT_FAMILY },
  });
  return resvg.render().asPng();
}

const renderFloor: Command = {
  name: 'render floor',
  usage: `render floor --room ROOM --out FILE.svg|.png [--color-by ${COLOR_BY_KEYS.join('|')}] [--json]`,
  summary: 'draw a room’s floor map to scale (racks coloured by a metric, aisles, cooling units) as SVG or PNG',
  options: { room: { type: 'string' }, out: { type: 'string' }, 'color-by': { type: 'string' } },
  async run(args, io) {
    const roomText = stringOption(args, 'room');
    const out = stringOption(args, 'out');
    const colorByText = stringOption(args, 'color-by') ?? 'power';
    if (roomText === undefined || roomText.trim() === '') throw new UsageError('render floor needs --room ROOM (SITE/ROOM, a unique room name, or the room id)');
    if (out === undefined || out === '') throw new UsageError('render floor needs --out FILE.svg or FILE.png');
    const format = path.extname(out).toLowerCase();
    if (format !== '.svg' && format !== '.png') throw new UsageError(`--out must end in .svg or .png, not "${path.basename(out)}"`);
    if (!isColorBy(colorByText)) throw new UsageError(`--color-by takes one of ${COLOR_BY_KEYS.join(', ')}, not "${colorByText}"`);
    const colorBy: ColorBy = colorByText;

    const { room, data, health } = await withDb(args, async (ctx) => {
      const ref = resolveRoom(ctx.db, roomText);
      const floor = await callLocal(ctx, 'floor.data', { roomId: ref.id });
      // Health colouring rests on the room's findings and NVLink domains, as in the console.
      const report = colorBy === 'health' ? await callLocal(ctx, 'health.report', { roomId: ref.id }) : null;
      return { room: ref, data: floor, health: report === null ? null : rackHealthStates(report) };
    });
    const scene = buildFloorScene(data, health === null ? { colorBy } : { colorBy, colouring: healthColouring(health) });
    const svg = floorSvg(scene);
    const bytes = format === '.svg' ? Buffer.from(svg, 'utf8') : svgToPng(svg);
    try {
      fs.writeFileSync(out, bytes);
    } catch (error) {
      throw new FloorwalkError('io_error', `Cannot write ${out}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`, { field: 'out' });
    }
    if (args.json) {
      printJson(io, {
        room: `${room.siteCode}/${room.name}`,
        roomId: room.id,
        out: path.resolve(out),
        format: format.slice(1),
        colorBy,
        racks: data.racks.length,
        bytes: bytes.length,
      });
    } else {
      io.out(`Wrote ${out} (${format.slice(1).toUpperCase()}, ${(bytes.length / 1024).toFixed(0)} KiB): ${room.siteCode}/${room.name}, ${data.racks.length.toLocaleString('en-US')} racks coloured by ${colorBy}${scene.legend.emptyNote ? ` (${scene.legend.emptyNote})` : ''}\n`);
    }
    return 0;
  },
};

export const FLOOR_COMMANDS: readonly Command[] = [renderFloor];
