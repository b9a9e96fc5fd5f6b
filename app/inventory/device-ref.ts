import type { Db } from '../db/open';
import { FloorwalkError } from '../core/errors';

/**
 * A device by what is on its label or in the monitoring: hostname, serial or asset tag (exact, any case),
 * or its id. Each identity is unique, so at most one device matches each; a text that is one device's
 * hostname and another's serial is refused rather than guessed.
 */
export function resolveDevice(db: Db, text: string): number {
  const query = text.trim();
  const ids = new Set(
    db
      .prepare(
        `SELECT id FROM devices WHERE hostname = @q OR serial = @q OR asset_tag = @q
         UNION SELECT id FROM devices WHERE @id IS NOT NULL AND id = @id`,
      )
      .pluck()
      .all({ q: query, id: /^\d+$/.test(query) ? Number(query) : null }) as number[],
  );
  const [first] = ids;
  if (ids.size === 1 && first !== undefined) return first;
  if (ids.size === 0) throw new FloorwalkError('not_found', `No device "${query}". Use its hostname, serial, asset tag or id.`, { field: 'device' });
  throw new FloorwalkError('invalid_input', `"${query}" names ${ids.size} devices (ids ${[...ids].join(', ')}); use the id.`, { field: 'device' });
}
