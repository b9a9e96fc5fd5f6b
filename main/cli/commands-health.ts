import { callLocal } from '../../app/api/dispatch';
import { HEALTH_KINDS, type HealthKind } from '../../app/health/types';
import { resolveRoom } from '../../app/inventory/resolve';
import { RMA_STATUSES, type RmaCase, type RmaStatus } from '../../app/rma/types';
import { positional, stringOption, UsageError, type Command, type ParsedArgs } from './command';
import { request, withDb } from './commands-core';
import { printJson, printTable, type CliIo } from './output';

function caseNumber(args: ParsedArgs, usage: string): number {
  const text = positional(args, 0, 'the case number', usage).replace(/^#/, '');
  if (!/^\d+$/.test(text)) throw new UsageError(`the case number is a whole number, not "${text}"`);
  return Number(text);
}

function by(args: ParsedArgs, usage: string): string {
  const name = stringOption(args, 'by');
  if (name === undefined || name.trim() === '') throw new UsageError(`needs --by NAME, the technician doing this step (usage: floorwalk ${usage})`);
  return name;
}

function printCase(io: CliIo, c: RmaCase, json: boolean, verb: string): void {
  if (json) {
    printJson(io, { case: c });
    return;
  }
  io.out(`RMA case ${c.id} ${verb}: ${c.status} — ${c.path}\n`);
  io.out(`  part ${c.partSerial ?? '(no serial)'}${c.partUuid ? ` ${c.partUuid}` : ''}${c.newSerial ? ` → new ${c.newSerial}${c.newUuid ? ` ${c.newUuid}` : ''}` : ''}\n`);
  if (c.swappedAt !== null) io.out(`  swap ${c.verifiedAt === null ? 'not yet confirmed by telemetry' : `verified ${c.verifiedAt}`}\n`);
  for (const e of c.events) io.out(`  ${e.at}  ${e.step.padEnd(7)} ${e.actor}${e.serial ? `  ${e.serial}` : ''}${e.note ? `  — ${e.note}` : ''}\n`);
}

const HEALTH_USAGE = `health [--room ROOM] [--kind ${HEALTH_KINDS.join('|')}[,…]] [--json]`;

const health: Command = {
  name: 'health',
  usage: HEALTH_USAGE,
  summary: 'GPU and liquid-cooling health from imported telemetry: XIDs, ECC, row remaps, throttling, silent GPUs, leaks — worst first, with evidence and place',
  options: { room: { type: 'string' }, kind: { type: 'string' } },
  async run(args, io) {
    const roomText = stringOption(args, 'room');
    const kindText = stringOption(args, 'kind');
    const kinds = kindText?.split(',').map((k) => k.trim()).filter((k) => k !== '');
    const bad = kinds?.find((k) => !(HEALTH_KINDS as readonly string[]).includes(k));
    if (bad !== undefined) throw new UsageError(`--kind takes ${HEALTH_KINDS.join(', ')}, not "${bad}"`);
    const report = await withDb(args, async (ctx) => {
      const roomId = roomText === undefined ? undefined : resolveRoom(ctx.db, roomText).id;
      return callLocal(ctx, 'health.report', { ...(roomId === undefined ? {} : { roomId }), ...(kinds === undefined ? {} : { kinds: kinds as HealthKind[] }) });
    });
    if (args.json) {
      printJson(io, report);
      return 0;
    }
    if (report.latestAt === null && report.domains.length === 0) {
      io.out('No telemetry imported yet; import some with "floorwalk import telemetry FILE".\n');
      return 0;
    }
    io.out(`${report.findings.length} finding(s), ${report.suspectGpus} suspect GPU(s) of ${report.gpusInScope.toLocaleString('en-US')}; newest reading ${report.latestAt}\n`);
    if (report.beforeSwap > 0) io.out(`${report.beforeSwap} older finding(s) left out: their readings predate the slot’s swap (they were about the removed part)\n`);
    for (const d of report.domains) io.out(`NVLink domain ${d.site}/${d.room}/${d.rack}: ${d.state} — ${d.reason}\n`);
    if (report.findings.length > 0)
      printTable(
        io,
        ['severity', 'kind', 'where', 'finding', 'case'],
        report.findings.map((f) => [f.severity, f.kind, f.path, f.title, f.rmaCase ? `${f.rmaCase.id} ${f.rmaCase.status}` : '']),
      );
    return 0;
  },
};

const OPEN_USAGE = 'rma open SERIAL|UUID|HOST:SLOT --by NAME [--reason TEXT] [--suspect] [--json]';
const rmaOpen: Command = {
  name: 'rma open',
  usage: OPEN_USAGE,
  summary: 'open a field-replacement case for a GPU (status rma-open; --suspect only watches it)',
  options: { by: { type: 'string' }, reason: { type: 'string' }, suspect: { type: 'boolean' } },
  async run(args, io) {
    const part = positional(args, 0, 'the GPU (serial, UUID or HOST:SLOT)', OPEN_USAGE);
    const reason = stringOption(args, 'reason');
    const c = await request(args, 'rma.open', { part, by: by(args, OPEN_USAGE), status: args.values['suspect'] === true ? 'suspect' : 'rma-open', ...(reason === undefined ? {} : { reason }) });
    printCase(io, c, args.json, 'opened');
    return 0;
  },
};

const DRAIN_USAGE = 'rma drain CASE --note TEXT --by NAME [--json]';
const rmaDrain: Command = {
  name: 'rma drain',
  usage: DRAIN_USAGE,
  summary: 'record that the node was drained for the swap (a suspect case becomes rma-open)',
  options: { by: { type: 'string' }, note: { type: 'string' } },
  async run(args, io) {
    const caseId = caseNumber(args, DRAIN_USAGE);
    const note = stringOption(args, 'note') ?? 'node drained';
    const c = await request(args, 'rma.note', { caseId, note, by: by(args, DRAIN_USAGE), step: 'drain' });
    printCase(io, c, args.json, 'drained');
    return 0;
  },
};

const SWAP_USAGE = 'rma swap CASE --new-serial SERIAL [--removed-serial SERIAL] --by NAME [--json]';
const rmaSwap: Command = {
  name: 'rma swap',
  usage: SWAP_USAGE,
  summary: 'record the swap: the new part’s serial takes the slot; the removed part stays in the slot’s history',
  options: { by: { type: 'string' }, 'new-serial': { type: 'string' }, 'removed-serial': { type: 'string' } },
  async run(args, io) {
    const caseId = caseNumber(args, SWAP_USAGE);
    const newSerial = stringOption(args, 'new-serial');
    if (newSerial === undefined || newSerial.trim() === '') throw new UsageError(`needs --new-serial SERIAL (usage: floorwalk ${SWAP_USAGE})`);
    const removedSerial = stringOption(args, 'removed-serial');
    const c = await request(args, 'rma.swap', { caseId, newSerial, by: by(args, SWAP_USAGE), ...(removedSerial === undefined ? {} : { removedSerial }) });
    printCase(io, c, args.json, 'swapped');
    return 0;
  },
};

const CLOSE_USAGE = 'rma close CASE --by NAME [--note TEXT] [--json]';
const rmaClose: Command = {
  name: 'rma close',
  usage: CLOSE_USAGE,
  summary: 'close a case (the failed part is returned); without a swap it needs --note saying why',
  options: { by: { type: 'string' }, note: { type: 'string' } },
  async run(args, io) {
    const caseId = caseNumber(args, CLOSE_USAGE);
    const note = stringOption(args, 'note');
    const c = await request(args, 'rma.close', { caseId, by: by(args, CLOSE_USAGE), ...(note === undefined ? {} : { note }) });
    printCase(io, c, args.json, 'closed');
    return 0;
  },
};

const LIST_USAGE = `rma list [--status open|${RMA_STATUSES.join('|')}] [--room ROOM] [--json]`;
const rmaList: Command = {
  name: 'rma list',
  usage: LIST_USAGE,
  summary: 'list field-replacement cases, newest first',
  options: { status: { type: 'string' }, room: { type: 'string' } },
  async run(args, io) {
    const status = stringOption(args, 'status');
    if (status !== undefined && status !== 'open' && !(RMA_STATUSES as readonly string[]).includes(status)) throw new UsageError(`--status takes open, ${RMA_STATUSES.join(', ')}, not "${status}"`);
    const roomText = stringOption(args, 'room');
    const cases = await withDb(args, async (ctx) => {
      const roomId = roomText === undefined ? undefined : resolveRoom(ctx.db, roomText).id;
      return callLocal(ctx, 'rma.list', { ...(status === undefined ? {} : { status: status as RmaStatus | 'open' }), ...(roomId === undefined ? {} : { roomId }) });
    });
    if (args.json) {
      printJson(io, { cases });
      return 0;
    }
    if (cases.length === 0) {
      io.out('No RMA cases.\n');
      return 0;
    }
    printTable(
      io,
      ['case', 'status', 'where', 'part', 'new part', 'opened', 'by'],
      cases.map((c) => [String(c.id), c.status + (c.swappedAt !== null && c.verifiedAt === null ? ' (unverified)' : ''), c.path, c.partSerial ?? '', c.newSerial ?? '', c.openedAt.slice(0, 16), c.openedBy]),
    );
    return 0;
  },
};

const SHOW_USAGE = 'rma show CASE [--json]';
const rmaShow: Command = {
  name: 'rma show',
  usage: SHOW_USAGE,
  summary: 'one case with every step, who and when',
  options: {},
  async run(args, io) {
    const c = await request(args, 'rma.get', { caseId: caseNumber(args, SHOW_USAGE) });
    printCase(io, c, args.json, 'is');
    return 0;
  },
};

const HISTORY_USAGE = 'rma history SERIAL|UUID|HOST:SLOT [--json]';
const rmaHistory: Command = {
  name: 'rma history',
  usage: HISTORY_USAGE,
  summary: 'the slot’s history (which serials sat in it, when) and the serial’s (where it has been, which cases)',
  options: {},
  async run(args, io) {
    const part = positional(args, 0, 'a serial, UUID or HOST:SLOT', HISTORY_USAGE);
    const result = await withDb(args, async (ctx) => {
      let slot = null;
      try {
        slot = await callLocal(ctx, 'rma.slot', { part });
      } catch (error) {
        // A removed part has no slot any more; its serial history still answers.
        if (!(error instanceof Error) || !/removed from|No GPU has/.test(error.message)) throw error;
      }
      let serial = null;
      if (!/[:/]\d{1,3}$/.test(part)) {
        try {
          serial = await callLocal(ctx, 'rma.serial', { serial: part });
        } catch (error) {
          if (slot === null) throw error;
        }
      }
      return { slot, serial };
    });
    if (args.json) {
      printJson(io, result);
      return 0;
    }
    if (result.serial) io.out(`${result.serial.serial}: ${result.serial.now}\n`);
    const entries = result.slot?.entries ?? result.serial?.slots ?? [];
    if (result.slot) io.out(`Slot ${result.slot.path}\n`);
    printTable(
      io,
      ['slot', 'serial', 'uuid', 'installed', 'removed', 'cases'],
      entries.map((e) => [
        `${e.device} GPU ${e.slot}`,
        e.serial ?? '',
        e.uuid ?? '',
        e.installedAt?.slice(0, 16) ?? '(before Floorwalk)',
        e.removedAt?.slice(0, 16) ?? (e.current ? 'in the slot now' : ''),
        [e.installedCaseId, e.removedCaseId].filter((id) => id !== null).join(', '),
      ]),
    );
    return 0;
  },
};

/** The health and field-replacement commands. */
export const HEALTH_COMMANDS: readonly Command[] = [health, rmaOpen, rmaDrain, rmaSwap, rmaClose, rmaList, rmaShow, rmaHistory];
