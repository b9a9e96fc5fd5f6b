import fs from 'node:fs';
import path from 'node:path';
import { callLocal } from '../../app/api/dispatch';
import { FloorwalkError } from '../../app/core/errors';
import { frameField } from '../../app/heatmap/frame-field';
import { heatmapSvg } from '../../app/heatmap/svg';
import { HEATMAP_METRICS, METRIC_UNITS, type HeatmapMetric } from '../../app/heatmap/types';
import { resolveRoom } from '../../app/inventory/resolve';
import { stringOption, UsageError, type Command } from './command';
import { withDb } from './commands-core';
import { svgToPng } from './commands-floor';
import { printJson, printTable } from './output';

function isMetric(value: string): value is HeatmapMetric {
  return (HEATMAP_METRICS as readonly string[]).includes(value);
}

const round1 = (value: number | null): number | null => (value === null ? null : Math.round(value * 10) / 10);

const heatmap: Command = {
  name: 'heatmap',
  usage: `heatmap --room ROOM --metric ${HEATMAP_METRICS.join('|')} [--at TIME] [--out FILE.svg|.png] [--json]`,
  summary: 'draw a room’s cooling heatmap at a time (inlet field, racks by metric) and list its thermal findings',
  options: { room: { type: 'string' }, metric: { type: 'string' }, at: { type: 'string' }, out: { type: 'string' } },
  async run(args, io) {
    const roomText = stringOption(args, 'room');
    const metricText = stringOption(args, 'metric') ?? 'inlet';
    const at = stringOption(args, 'at');
    const out = stringOption(args, 'out');
    if (roomText === undefined || roomText.trim() === '') throw new UsageError('heatmap needs --room ROOM (SITE/ROOM, a unique room name, or the room id)');
    if (!isMetric(metricText)) throw new UsageError(`--metric takes one of ${HEATMAP_METRICS.join(', ')}, not "${metricText}"`);
    const format = out === undefined ? null : path.extname(out).toLowerCase();
    if (out !== undefined && format !== '.svg' && format !== '.png') throw new UsageError(`--out must end in .svg or .png, not "${path.basename(out)}"`);
    const metric: HeatmapMetric = metricText;

    const { room, frame, findings, floor } = await withDb(args, async (ctx) => {
      const ref = resolveRoom(ctx.db, roomText);
      const input = at === undefined ? { roomId: ref.id } : { roomId: ref.id, at };
      return {
        room: ref,
        frame: await callLocal(ctx, 'heatmap.frame', { ...input, metric }),
        findings: await callLocal(ctx, 'heatmap.findings', input),
        floor: await callLocal(ctx, 'floor.data', { roomId: ref.id }),
      };
    });

    let bytes = 0;
    if (out !== undefined) {
      const svg = heatmapSvg(floor, frame, frameField(floor, frame));
      const data = format === '.png' ? svgToPng(svg) : Buffer.from(svg, 'utf8');
      try {
        fs.writeFileSync(out, data);
      } catch (error) {
        throw new FloorwalkError('io_error', `Cannot write ${out}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`, { field: 'out' });
      }
      bytes = data.length;
    }

    const label = `${room.siteCode}/${room.name}`;
    if (args.json) {
      printJson(io, {
        room: label,
        metric,
        at: frame.at,
        min: frame.min,
        max: frame.max,
        findings: findings.findings.map((f) => ({ kind: f.kind, rack: f.rack, value: f.value, threshold: f.threshold })),
      });
      return 0;
    }
    const unit = METRIC_UNITS[metric];
    io.out(
      frame.at === null
        ? `${label}: no telemetry yet; import some with "floorwalk import telemetry FILE".\n`
        : `${label} at ${frame.at}: ${frame.min === null ? `no ${metric} readings` : `${metric} ${round1(frame.min)}–${round1(frame.max)} ${unit}`}, ${findings.findings.length} finding(s)\n`,
    );
    if (out !== undefined) io.out(`Wrote ${out} (${(format ?? '').slice(1).toUpperCase()}, ${(bytes / 1024).toFixed(0)} KiB)\n`);
    if (findings.findings.length > 0) {
      printTable(
        io,
        ['severity', 'finding', 'rack', 'value', 'threshold'],
        findings.findings.map((f) => [f.severity, f.kind, f.rack ?? f.target, `${round1(f.value)} ${f.unit}`.trim(), `${round1(f.threshold)} ${f.unit}`.trim()]),
      );
    }
    return 0;
  },
};

export const HEATMAP_COMMANDS: readonly Command[] = [heatmap];
