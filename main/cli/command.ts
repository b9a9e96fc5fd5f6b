import type { CliIo } from './output';

export type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>;

export interface ParsedArgs {
  readonly positionals: string[];
  readonly values: Record<string, string | boolean | string[] | undefined>;
  readonly json: boolean;
  readonly dbPath: string;
  /** Told while a write waits for another process's lock (set by runCli: a stderr line or a JSON progress event). */
  readonly onLockWait?: (waitedMs: number) => void;
}

export interface Command {
  readonly name: string;
  readonly usage: string;
  readonly summary: string;
  readonly options: OptionSpec;
  run(args: ParsedArgs, io: CliIo): Promise<number>;
}

export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === 'string' ? value : undefined;
}

export function intOption(args: ParsedArgs, name: string, fallback: number): number {
  const raw = stringOption(args, name);
  if (raw === undefined) return fallback;
  const cleaned = raw.replace(/[_,]/g, '');
  if (!/^-?\d+$/.test(cleaned)) throw new UsageError(`--${name} takes a whole number, not "${raw}"`);
  return Number(cleaned);
}

/** Wrong words on the command line: exit code 2, as with most Unix tools. */
export class UsageError extends Error {}

/** The positional word at `index`, or a usage error naming what is missing and the command's usage. */
export function positional(args: ParsedArgs, index: number, what: string, usage: string): string {
  const value = args.positionals[index];
  if (value === undefined || value.trim() === '') throw new UsageError(`needs ${what} (usage: floorwalk ${usage})`);
  return value;
}
