import { spawn, type ChildProcess } from 'node:child_process';
import { CLI_BIN, REPO_ROOT } from './temp';

export interface ServeChild {
  readonly url: string;
  readonly port: number;
  /** The session token, from the URL's fragment. */
  readonly token: string;
  readonly child: ChildProcess;
  /** Ctrl+C: the server closes its sockets and the database. */
  stop(): Promise<void>;
  /** Gone at once, as a crash or a `kill -9` leaves it: no goodbye to anyone connected. */
  kill(): Promise<void>;
}

/** `floorwalk serve --json` as a user starts it, with its sessions kept in `sessionsDir`. */
export async function serveChild(dbPath: string, sessionsDir: string, port?: number): Promise<ServeChild> {
  const args = [CLI_BIN, '--db', dbPath, 'serve', '--json', ...(port !== undefined ? ['--port', String(port)] : [])];
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FLOORWALK_SESSIONS_DIR: sessionsDir } });
  const started = await new Promise<{ url: string; port: number }>((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      try {
        resolve(JSON.parse(out) as { url: string; port: number });
      } catch {
        // not the whole JSON yet
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${err}`)));
  });
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  const end = async (signal: NodeJS.Signals): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return {
    ...started,
    token: /token=([A-Za-z0-9_-]+)/.exec(started.url)?.[1] ?? '',
    child,
    stop: () => end('SIGTERM'),
    kill: () => end('SIGKILL'),
  };
}
