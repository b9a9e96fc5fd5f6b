import { spawnSync } from 'node:child_process';
import { CLI_BIN, REPO_ROOT } from './temp';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built `floorwalk` command as a user would (a child process), never in-process. */
export function runFloorwalk(args: readonly string[], env: NodeJS.ProcessEnv = {}): CliRun {
  const result = spawnSync(process.execPath, [CLI_BIN, ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

export function runJson<T>(args: readonly string[], env: NodeJS.ProcessEnv = {}): T {
  const run = runFloorwalk([...args, '--json'], env);
  if (run.code !== 0) throw new Error(`floorwalk ${args.join(' ')} exited ${run.code}: ${run.stderr}`);
  return JSON.parse(run.stdout) as T;
}
