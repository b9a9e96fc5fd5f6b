import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDatabasePath } from '../../app/core/paths';

describe('defaultDatabasePath', () => {
  it('uses the same per-user folder Electron uses for userData', () => {
    expect(defaultDatabasePath({}, 'linux', '/home/tech')).toBe(path.join('/home/tech/.config', 'Floorwalk', 'floorwalk.db'));
    expect(defaultDatabasePath({ XDG_CONFIG_HOME: '/cfg' }, 'linux', '/home/tech')).toBe(path.join('/cfg', 'Floorwalk', 'floorwalk.db'));
    expect(defaultDatabasePath({}, 'darwin', '/Users/tech')).toBe(path.join('/Users/tech/Library/Application Support', 'Floorwalk', 'floorwalk.db'));
    expect(defaultDatabasePath({ APPDATA: 'C:\\Users\\tech\\AppData\\Roaming' }, 'win32', 'C:\\Users\\tech')).toContain('Floorwalk');
  });

  it('lets FLOORWALK_DB override it', () => {
    expect(defaultDatabasePath({ FLOORWALK_DB: '/data/hall.db' }, 'linux', '/home/tech')).toBe('/data/hall.db');
  });
});
