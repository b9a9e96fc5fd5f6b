import type { ReactElement } from 'react';
import { Popover } from '../shell/Popover';

/** The map's keys, folded into the toolbar's last button so the toolbar stays one line at 1366 px. */
export function FloorKeys(): ReactElement {
  return (
    <Popover label="Keys" title="Keyboard and mouse on the floor map" className="floor-keys" align="end">
      <table className="keys-table">
        <tbody>
          <tr>
            <td><kbd>Tab</kbd> / <kbd>←</kbd><kbd>→</kbd><kbd>↑</kbd><kbd>↓</kbd></td>
            <td>move the rack cursor; <kbd>Esc</kbd> hides it and the next <kbd>Tab</kbd> leaves the map</td>
          </tr>
          <tr>
            <td><kbd>Enter</kbd></td>
            <td>open the rack under the cursor</td>
          </tr>
          <tr>
            <td><kbd>Space</kbd></td>
            <td>add or remove it from the selection</td>
          </tr>
          <tr>
            <td><kbd>m</kbd> then <kbd>←</kbd><kbd>→</kbd><kbd>↑</kbd><kbd>↓</kbd></td>
            <td>move the selection a tile at a time; <kbd>Enter</kbd> saves, <kbd>Esc</kbd> cancels</td>
          </tr>
          <tr>
            <td><kbd>Shift</kbd>+arrows</td>
            <td>pan</td>
          </tr>
          <tr>
            <td><kbd>+</kbd> <kbd>−</kbd> <kbd>0</kbd></td>
            <td>zoom in, out, fit the room</td>
          </tr>
          <tr>
            <td>drag, <kbd>Shift</kbd>+click/drag</td>
            <td>move racks, select</td>
          </tr>
        </tbody>
      </table>
    </Popover>
  );
}
