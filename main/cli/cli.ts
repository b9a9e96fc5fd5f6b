import { parseArgs } from 'node:util';
import { defaultDatabasePath } from '../../app/core/paths';
import { FloorwalkError } from '../../app/core/errors';
import { UsageError, type Command, type ParsedArgs } from './command';
import { CORE_COMMANDS } from './commands-core';
import { SERVE_COMMAND } from './commands-serve';
import { processIo, type CliIo } from './output';

const COMMANDS: readonly Command[] = [...CORE_COMMANDS, SERVE_COMMAND];

function helpText(): string {
  const width = Math.max(...COMMANDS.map((c) => c.usage.length));
  return [
    'floorwalk — offline console for AI data halls',
    '',
    'usage: floorwalk [--db PATH] [--json] COMMAND ...',
    '',
    ...COMMANDS.map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`),
    '',
    'Global options:',
    '  --db PATH   database file (default: the desktop app’s, or $FLOORWALK_DB)',
    '  --json      machine-readable output',
    '',
  ].join('\n');
}

/** Runs one CLI invocation and returns its exit code: 0 ok, 1 failure, 2 wrong usage. */
export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const commandIndex = argv.findIndex((arg, i) => !arg.startsWith('-') && argv[i - 1] !== '--db');
  const name = commandIndex >= 0 ? argv[commandIndex] : undefined;
  if (name === undefined || argv.includes('--help') || argv.includes('-h') || name === 'help') {
    io.out(helpText());
    return name === undefined && !argv.includes('--help') && !argv.includes('-h') ? 2 : 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`floorwalk: unknown command "${name}" (see floorwalk --help)\n`);
    return 2;
  }
  const rest = [...argv.slice(0, commandIndex), ...argv.slice(commandIndex + 1)];
  let args: ParsedArgs;
  try {
    const parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      strict: true,
      options: { db: { type: 'string' }, json: { type: 'boolean' }, ...command.options },
    });
    const db = parsed.values['db'];
    args = {
      positionals: parsed.positionals,
      values: parsed.values,
      json: parsed.values['json'] === true,
      dbPath: typeof db === 'string' && db !== '' ? db : defaultDatabasePath(io.env),
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
    const message = error instanceof FloorwalkError || error instanceof Error ? error.message : String(error);
    io.err(`floorwalk ${command.name}: ${message.replace(/\s*\n\s*/g, ' ')}\n`);
    return 1;
  }
}

/** Entry used by main/cli/bin.js. */
export async function main(argv: readonly string[]): Promise<number> {
  return runCli(argv, processIo);
}
