import { parseArgs } from 'node:util';
import { defaultDatabasePath } from '../../app/core/paths';
import { FloorwalkError } from '../../app/core/errors';
import { explainStorageError } from '../../app/db/db-errors';
import { UsageError, type Command, type ParsedArgs } from './command';
import { CORE_COMMANDS } from './commands-core';
import { SERVE_COMMAND } from './commands-serve';
import { FLOOR_COMMANDS } from './commands-floor';
import { AUDIT_COMMANDS } from './commands-audit';
import { INVENTORY_COMMANDS } from './commands-inventory';
import { HEATMAP_COMMANDS } from './commands-heatmap';
import { TELEMETRY_COMMANDS } from './commands-telemetry';
import { HEALTH_COMMANDS } from './commands-health';
import { POWER_COMMANDS } from './commands-power';
import { CAPACITY_COMMANDS } from './commands-capacity';
import { NETBOX_COMMANDS } from './commands-netbox';
import { lockWaitReporter, processIo, type CliIo } from './output';

const COMMANDS: readonly Command[] = [...CORE_COMMANDS, SERVE_COMMAND, ...FLOOR_COMMANDS, ...AUDIT_COMMANDS, ...INVENTORY_COMMANDS, ...HEATMAP_COMMANDS, ...TELEMETRY_COMMANDS, ...HEALTH_COMMANDS, ...POWER_COMMANDS, ...CAPACITY_COMMANDS, ...NETBOX_COMMANDS];

function helpText(): string {
  return [
    'floorwalk — offline console for AI data halls',
    '',
    'usage: floorwalk [--db PATH] [--json] COMMAND ...',
    '',
    ...COMMANDS.map((c) => `  ${c.usage}\n      ${c.summary}`),
    '',
    'Global options:',
    '  --db PATH   database file (default: the desktop app’s, or $FLOORWALK_DB)',
    '  --json      machine-readable output',
    '',
  ].join('\n');
}

/**
 * Finds the command named by the leading words: commands may have several words ("import inventory",
 * "audit start"); the longest name that matches wins.
 */
function findCommand(words: readonly string[]): Command | undefined {
  return [...COMMANDS]
    .sort((a, b) => b.name.split(' ').length - a.name.split(' ').length)
    .find((c) => c.name.split(' ').every((part, i) => words[i] === part));
}

/** Runs one CLI invocation and returns its exit code: 0 ok, 1 failure, 2 wrong usage. */
export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const wantsHelp = argv.includes('--help') || argv.includes('-h');
  // Leading words before the first option (other than --db PATH / --json) name the command.
  const words: string[] = [];
  const wordIndexes: number[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--db') {
      i++;
      continue;
    }
    if (arg.startsWith('-')) continue;
    words.push(arg);
    wordIndexes.push(i);
  }
  if (words.length === 0 || words[0] === 'help' || (wantsHelp && findCommand(words) === undefined)) {
    io.out(helpText());
    return words.length === 0 && !wantsHelp ? 2 : 0;
  }
  const command = findCommand(words);
  if (!command) {
    io.err(`floorwalk: unknown command "${words.slice(0, 2).join(' ')}" (see floorwalk --help)\n`);
    return 2;
  }
  if (wantsHelp) {
    io.out(`usage: floorwalk ${command.usage}\n  ${command.summary}\n`);
    return 0;
  }
  const nameWords = command.name.split(' ').length;
  const drop = new Set(wordIndexes.slice(0, nameWords));
  const rest = argv.filter((_, i) => !drop.has(i));
  let args: ParsedArgs;
  try {
    const parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      strict: true,
      options: { db: { type: 'string' }, json: { type: 'boolean' }, ...command.options },
    });
    const db = parsed.values['db'];
    const json = parsed.values['json'] === true;
    args = {
      positionals: parsed.positionals,
      values: parsed.values,
      json,
      dbPath: typeof db === 'string' && db !== '' ? db : defaultDatabasePath(io.env),
      onLockWait: lockWaitReporter(io, json),
    };
  } catch (error) {
    io.err(`floorwalk ${command.name}: ${(error as Error).message} (usage: floorwalk ${command.usage})\n`);
    return 2;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`floorwalk ${command.name}: ${error.message}\n`);
      return 2;
    }
    // A storage failure outside withDb (demo, init) still names its cause and the database's path.
    const explained = explainStorageError(error, args.dbPath) ?? error;
    const message = explained instanceof FloorwalkError || explained instanceof Error ? explained.message : String(explained);
    io.err(`floorwalk ${command.name}: ${message.replace(/\s*\n\s*/g, ' ')}\n`);
    return 1;
  }
}

/** Entry used by main/cli/bin.js. */
export async function main(argv: readonly string[]): Promise<number> {
  return runCli(argv, processIo);
}
