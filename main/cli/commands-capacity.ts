import { intOption, stringOption, UsageError, type Command } from './command';
import { request } from './commands-core';
import { printJson, printTable } from './output';
import { kwText, round2, roomOption } from './room-option';

const capacity: Command = {
  name: 'capacity',
  usage: 'capacity --room ROOM [--json]',
  summary: 'per rack and row: free U, power headroom (budget and upstream with a side lost), cooling headroom, the binding constraint and stranded power',
  options: { room: { type: 'string' } },
  async run(args, io) {
    const room = await roomOption(args, 'capacity');
    const report = await request(args, 'capacity.room', { roomId: room.id });
    const group = (g: (typeof report.rows)[number]) => ({
      row: g.row,
      racks: g.racks,
      freeU: g.freeU,
      loadKw: round2(g.loadKw),
      budgetKw: round2(g.budgetKw),
      powerHeadroomKw: round2(g.powerHeadroomKw),
      coolingHeadroomKw: round2(g.coolingHeadroomKw),
      usableKw: round2(g.usableKw),
      strandedKw: round2(g.strandedKw),
      strandedBy: { space: round2(g.strandedBy.space), feed: round2(g.strandedBy.feed), 'power-upstream': round2(g.strandedBy['power-upstream']), cooling: round2(g.strandedBy.cooling) },
      binding: g.binding,
    });
    if (args.json) {
      printJson(io, {
        room: report.room,
        racks: report.racks.map((r) => ({
          rack: r.rack,
          row: r.row,
          freeU: r.freeU,
          largestFreeSpanU: r.largestFreeSpanU,
          freeSpans: r.freeSpans,
          loadKw: round2(r.loadKw),
          loadSource: r.loadSource,
          budgetKw: r.budgetKw,
          budgetHeadroomKw: round2(r.budgetHeadroomKw),
          upstreamHeadroomKw: round2(r.upstreamHeadroomKw),
          powerHeadroomKw: round2(r.powerHeadroomKw),
          coolingHeadroomKw: round2(r.coolingHeadroomKw),
          coolingPool: r.coolingPool,
          headroomOnALossKw: round2(r.headroomOnALossKw),
          headroomOnBLossKw: round2(r.headroomOnBLossKw),
          feeds: r.feeds,
          usableKw: round2(r.usableKw),
          binding: r.binding,
        })),
        rows: report.rows.map(group),
        hall: group(report.hall),
        pools: report.pools.map((p) => ({ ...p, capacityKw: round2(p.capacityKw), loadKw: round2(p.loadKw), headroomKw: round2(p.headroomKw) })),
      });
      return 0;
    }
    const h = report.hall;
    io.out(`${report.room}: ${h.racks} racks, ${kwText(h.loadKw)} kW drawn of ${kwText(h.budgetKw)} kW budgeted; ${kwText(h.usableKw)} kW usable, ${kwText(h.strandedKw)} kW stranded (space ${kwText(h.strandedBy.space)}, feeds ${kwText(h.strandedBy.feed)}, upstream ${kwText(h.strandedBy['power-upstream'])}, cooling ${kwText(h.strandedBy.cooling)}).\n`);
    printTable(
      io,
      ['row', 'racks', 'free U', 'load kW', 'budget kW', 'usable kW', 'stranded kW', 'cooling kW', 'binding'],
      report.rows.map((g) => [g.row, String(g.racks), String(g.freeU), kwText(g.loadKw), kwText(g.budgetKw), kwText(g.usableKw), kwText(g.strandedKw), kwText(g.coolingHeadroomKw), g.binding]),
    );
    return 0;
  },
};

const place: Command = {
  name: 'capacity place',
  usage: 'capacity place --room ROOM --type SLUG [--count N] [--json]',
  summary: 'what-if: where N devices of a type (or --type gb200-nvl72, a rack-scale system) fit on U, both feeds, cooling and weight; ranked, with why each other rack fails',
  options: { room: { type: 'string' }, type: { type: 'string' }, count: { type: 'string' } },
  async run(args, io) {
    const room = await roomOption(args, 'capacity place');
    const type = stringOption(args, 'type');
    if (type === undefined || type.trim() === '') throw new UsageError('capacity place needs --type SLUG (floorwalk types lists them; gb200-nvl72 for a rack-scale system)');
    const count = intOption(args, 'count', 1);
    if (count < 1 || count > 60) throw new UsageError('--count takes 1 to 60');
    const result = await request(args, 'capacity.placement', { roomId: room.id, type, count });
    if (args.json) {
      printJson(io, result);
      return 0;
    }
    io.out(`${result.profile.label} (${kwText(result.profile.kwTotal)} kW, ${Math.round(result.profile.weightKgTotal)} kg) in ${result.room}: ${result.candidates.length} place(s) fit, ${result.rejected.length} do not.\n`);
    printTable(
      io,
      ['rack', 'row', 'U', 'power left kW', 'on A loss', 'on B loss', 'cooling left kW'],
      result.candidates.slice(0, 20).map((c) => [c.rack, c.row ?? '', c.positions.map((u) => `U${u}`).join(' '), kwText(c.after.powerHeadroomKw), kwText(c.after.headroomOnALossKw), kwText(c.after.headroomOnBLossKw), kwText(c.after.coolingHeadroomKw)]),
    );
    if (result.rejected.length > 0) {
      io.out('Why the others do not fit (first 10):\n');
      printTable(io, ['rack', 'reasons'], result.rejected.slice(0, 10).map((r) => [r.rack, r.reasons.join('; ')]));
    }
    return 0;
  },
};

const energy: Command = {
  name: 'capacity energy',
  usage: 'capacity energy --room ROOM [--json]',
  summary: 'IT power (PDU telemetry) against heat removed by each liquid loop (CDU telemetry), and their ratio, over the imported span',
  options: { room: { type: 'string' } },
  async run(args, io) {
    const room = await roomOption(args, 'capacity energy');
    const report = await request(args, 'capacity.energy', { roomId: room.id });
    if (args.json) {
      printJson(io, report);
      return 0;
    }
    const span = report.from === null || report.to === null ? 'no telemetry' : `${new Date(report.from).toISOString()} → ${new Date(report.to).toISOString()}`;
    io.out(`${room.siteCode}/${room.name} (${span}): IT ${kwText(report.itKw)} kW mean, heat removed by CDUs ${kwText(report.heatRemovedKw)} kW, ratio ${report.ratio === null ? '—' : report.ratio.toFixed(2)}.\n`);
    for (const note of report.notes) io.out(`${note}\n`);
    printTable(io, ['loop', 'CDUs', 'racks', 'IT kW', 'heat removed kW', 'ratio'], report.loops.map((l) => [l.loop, String(l.cdus), String(l.racks), kwText(l.itKw), kwText(l.heatRemovedKw), l.ratio === null ? '—' : l.ratio.toFixed(2)]));
    return 0;
  },
};

export const CAPACITY_COMMANDS: readonly Command[] = [capacity, place, energy];
