import { LOCK_WAIT_PHASE } from '../../app/db/write-lock';

/** Where the CLI writes; tests pass buffers, the real command passes the process streams. */
export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
  readonly isTty: boolean;
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  env: process.env,
  isTty: Boolean(process.stderr.isTTY),
};

export function printJson(io: CliIo, value: unknown): void {
  io.out(`${JSON.stringify(value, null, 2)}\n`);
}

/** A table of plain text columns, for the human form of list output. */
export function printTable(io: CliIo, header: readonly string[], rows: ReadonlyArray<readonly string[]>): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  io.out(`${line(header)}\n`);
  for (const row of rows) io.out(`${line(row)}\n`);
}

/** The waiting line is repeated this often, so a log shows the wait is still going on. */
export const LOCK_WAIT_REPEAT_MS = 5000;

/**
 * Says on stderr that a write waits for another process's lock: a sentence for a person, or with --json a
 * progress event (the same `{progress}` line browser mode streams), so a script can tell waiting from hung.
 * The first attempt prints at once, then every LOCK_WAIT_REPEAT_MS.
 */
export function lockWaitReporter(io: CliIo, json: boolean): (waitedMs: number) => void {
  let printedAtMs = Number.NEGATIVE_INFINITY;
  return (waitedMs) => {
    if (waitedMs - printedAtMs < LOCK_WAIT_REPEAT_MS) return;
    printedAtMs = waitedMs;
    const seconds = Math.round(waitedMs / 1000);
    if (json) io.err(`${JSON.stringify({ progress: { phase: LOCK_WAIT_PHASE, done: seconds, total: 0, fraction: 0, waitedMs } })}\n`);
    else io.err(`floorwalk: ${LOCK_WAIT_PHASE}… (${seconds} s so far; it writes as soon as the other one is done)\n`);
  };
}
