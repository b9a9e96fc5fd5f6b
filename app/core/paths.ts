import os from 'node:os';
import path from 'node:path';

export const APP_DIR_NAME = 'Floorwalk';
export const DB_FILE_NAME = 'floorwalk.db';

/**
 * The per-user database path, the same one the desktop app uses: Electron's userData folder is
 * appData/<name>, and appData is what this computes per platform. FLOORWALK_DB overrides it.
 */
export function defaultDatabasePath(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = os.homedir(),
): string {
  const override = env['FLOORWALK_DB'];
  if (override !== undefined && override !== '') return override;
  return path.join(appDataDir(env, platform, home), APP_DIR_NAME, DB_FILE_NAME);
}

function appDataDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform, home: string): string {
  if (platform === 'win32') return env['APPDATA'] ?? path.join(home, 'AppData', 'Roaming');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support');
  return env['XDG_CONFIG_HOME'] ?? path.join(home, '.config');
}
