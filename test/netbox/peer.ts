import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A running throwaway NetBox (see netbox-peer.sh): where it listens and a write-enabled API token. */
export interface NetboxPeer {
  readonly url: string;
  readonly token: string;
  readonly username: string;
  readonly password: string;
  readonly dir: string;
  readonly timings: string;
  /** The netbox-branching plugin is enabled (start with { branching: true }). */
  readonly branching: boolean;
  stop(): void;
}

// From test/netbox and from dist/bench alike, two levels up is the repository.
const SCRIPT = path.resolve(__dirname, '..', '..', 'test', 'netbox', 'netbox-peer.sh');

/** Starts a real NetBox in a fresh temp dir; the first run on a machine installs and migrates it (minutes). */
export function startNetboxPeer(options: { branching?: boolean } = {}): NetboxPeer {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fw-netbox-'));
  let out: string;
  try {
    out = execFileSync('bash', [SCRIPT, 'start', dir, ...(options.branching ? ['--branching'] : [])], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 16 * 1024 * 1024 });
  } catch (err) {
    execFileSync('bash', [SCRIPT, 'stop', dir], { stdio: 'inherit' });
    throw err;
  }
  const env = new Map<string, string>();
  for (const line of out.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) env.set(line.slice(0, eq), line.slice(eq + 1));
  }
  const need = (key: string): string => {
    const value = env.get(key);
    if (value === undefined || value === '') throw new Error(`netbox-peer.sh start printed no ${key}:\n${out}`);
    return value;
  };
  process.stderr.write(`[netbox-peer] ${need('NETBOX_URL')} (${need('NETBOX_TIMINGS')})\n`);
  return {
    url: need('NETBOX_URL'),
    token: need('NETBOX_TOKEN'),
    username: need('NETBOX_USERNAME'),
    password: need('NETBOX_PASSWORD'),
    dir,
    timings: need('NETBOX_TIMINGS'),
    branching: env.get('NETBOX_BRANCHING') === '1',
    stop: () => execFileSync('bash', [SCRIPT, 'stop', dir], { stdio: 'inherit' }),
  };
}
