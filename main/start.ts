import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { defaultDatabasePath } from '../app/core/paths';
import { runCli } from './cli/cli';
import { writeFirstStartDemo } from './first-start';
import { processIo } from './cli/output';

/**
 * `npm start`: make sure there is a database (a newcomer gets the demo at once), then open the desktop
 * app when Electron's binary is installed, otherwise browser mode with its URL printed.
 */
function electronBinary(): string | null {
  try {
    // The electron package exports the path of its binary, and throws when the binary was never fetched.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const binary = require('electron') as unknown;
    return typeof binary === 'string' && fs.existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

async function startConsole(): Promise<number> {
  const dbPath = defaultDatabasePath();
  if (!fs.existsSync(dbPath)) {
    processIo.out(`No database yet at ${dbPath}; writing the demo operator first.\n`);
    const code = await writeFirstStartDemo(dbPath, (file) => runCli(['demo', '--db', file], processIo));
    if (code !== 0) return code;
  }
  const binary = electronBinary();
  if (binary) {
    const child = spawn(binary, [path.join(__dirname, 'electron-main.js')], { stdio: 'inherit', env: { ...process.env, FLOORWALK_DB: dbPath } });
    return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 0)));
  }
  processIo.out('Electron’s binary is not installed here, so the console runs in browser mode.\n');
  return runCli(['serve', '--db', dbPath], processIo);
}

startConsole().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    processIo.err(`floorwalk: ${(error as Error).message}\n`);
    process.exitCode = 1;
  },
);
