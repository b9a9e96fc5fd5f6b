import path from 'node:path';
import { stringOption, UsageError, type Command } from './command';
import { request } from './commands-core';
import { printJson, printTable } from './output';
import { kwText, round2, roomOption } from './room-option';

const failover: Command = {
  name: 'power failover',
  usage: 'power failover --room ROOM [--json]',
  summary: 'for each power element serving a room: if it fails, the load that moves to the other side and every element that then exceeds its rating',
  options: { room: { type: 'string' } },
  async run(args, io) {
    const room = await roomOption(args, 'power failover');
    const report = await request(args, 'power.failover', { roomId: room.id });
    if (args.json) {
      printJson(io, {
        room: report.room,
        elements: report.elements.map((e) => ({
          element: e.element,
          kind: e.kind,
          side: e.side,
          loadMovedKw: round2(e.loadMovedKw),
          droppedKw: round2(e.droppedKw),
          racksAffected: e.racksAffected,
          overloaded: e.overloaded.map((o) => ({ element: o.element, kind: o.kind, loadKw: round2(o.loadKw), ratingKw: round2(o.ratingKw), marginKw: round2(o.marginKw) })),
        })),
        loads: report.loads.map((l) => ({ element: l.element, kind: l.kind, side: l.side, ratingKw: round2(l.ratingKw), normalKw: round2(l.normalKw), onALossKw: round2(l.onALossKw), onBLossKw: round2(l.onBLossKw) })),
        racksWithoutFeeds: report.racksWithoutFeeds,
        loadSources: report.sources,
      });
      return 0;
    }
    const risky = report.elements.filter((e) => e.overloaded.length > 0 || e.droppedKw > 0);
    io.out(`${report.room}: ${report.elements.length} elements; ${risky.length} whose failure overloads or drops something. Rack loads: ${Object.entries(report.sources).filter(([, n]) => n > 0).map(([s, n]) => `${n} ${s}`).join(', ')}.\n`);
    const shown = risky.length > 0 ? risky : report.elements.slice(0, 10);
    printTable(
      io,
      ['fails', 'kind', 'side', 'moved kW', 'dropped kW', 'then over rating (load / rating kW)'],
      shown.map((e) => [
        e.element,
        e.kind,
        e.side ?? '—',
        kwText(e.loadMovedKw),
        kwText(e.droppedKw),
        e.overloaded.length === 0 ? 'nothing' : e.overloaded.slice(0, 3).map((o) => `${o.element} ${kwText(o.loadKw)}/${kwText(o.ratingKw)}`).join(', ') + (e.overloaded.length > 3 ? ` +${e.overloaded.length - 3}` : ''),
      ]),
    );
    if (report.racksWithoutFeeds.length > 0) io.out(`${report.racksWithoutFeeds.length} rack(s) lack a feed on a side: ${report.racksWithoutFeeds.slice(0, 8).map((r) => `${r.rack} (${r.missing.join('+')})`).join(', ')}\n`);
    return 0;
  },
};

const importPower: Command = {
  name: 'import power',
  usage: 'import power FILE --kind elements|feeds [--dry-run] [--reason TEXT]',
  summary: 'load a power chain CSV: elements (site,name,kind,parent,side,rating_kw,amps_per_phase,voltage_v,phases,room) or rack feeds (rack,side,element,pdu); all rows or none',
  options: { kind: { type: 'string' }, 'dry-run': { type: 'boolean' }, reason: { type: 'string' } },
  async run(args, io) {
    const kind = stringOption(args, 'kind');
    if (kind !== 'elements' && kind !== 'feeds') throw new UsageError('import power needs --kind elements or --kind feeds');
    const file = args.positionals[0];
    if (file === undefined || args.positionals.length > 1) throw new UsageError('import power needs exactly one FILE');
    const reason = stringOption(args, 'reason');
    const report = await request(args, 'power.import', { kind, source: { path: path.resolve(file) }, dryRun: args.values['dry-run'] === true, ...(reason === undefined ? {} : { reason }) });
    if (args.json) printJson(io, report);
    else {
      const counts = `${report.created} created, ${report.updated} updated`;
      if (report.committed) io.out(`Imported ${report.rows} ${kind} rows: ${counts}.\n`);
      else if (report.errors.length === 0) io.out(`Dry run of ${report.rows} ${kind} rows (would be ${counts}); nothing was written.\n`);
      else io.out(`${report.rows} ${kind} rows, ${report.errors.length} error(s); nothing was written.\n`);
      if (report.unknownColumns.length > 0) io.out(`Columns not read: ${report.unknownColumns.join(', ')}\n`);
      if (report.errors.length > 0) printTable(io, ['line', 'column', 'reason'], report.errors.slice(0, 50).map((e) => [String(e.row), e.column ?? '', e.reason]));
    }
    return report.errors.length > 0 ? 1 : 0;
  },
};

export const POWER_COMMANDS: readonly Command[] = [failover, importPower];
