import type { Db } from '../db/open';
import { SEEN_SQL } from './progress';

/**
 * For the floor map's "audit progress" colouring: per rack of a room, the share (0..1) of its expected
 * items seen by the latest audit that covers the rack (newest audit first; ULIDs sort by start time).
 * Racks no audit covers are absent. A rack with nothing expected counts as complete once walked (done) and
 * as 0 before. One grouped query for the whole room.
 */
export function latestAuditRackShares(db: Db, roomId: number): Map<number, number> {
  const rows = db
    .prepare(
      `WITH latest AS (
         SELECT ar.rack_id, max(ar.audit_id) AS audit_id FROM audit_racks ar WHERE ar.room_id = @room GROUP BY ar.rack_id),
       exp AS (
         SELECT e.rack_id, count(*) AS expected,
                total(${SEEN_SQL}) AS seen
         FROM latest l JOIN audit_expected e ON e.audit_id = l.audit_id AND e.rack_id = l.rack_id GROUP BY e.rack_id)
       SELECT l.rack_id AS rackId, coalesce(exp.expected, 0) AS expected, coalesce(exp.seen, 0) AS seen, ar.done_at IS NOT NULL AS done
       FROM latest l JOIN audit_racks ar ON ar.audit_id = l.audit_id AND ar.rack_id = l.rack_id LEFT JOIN exp ON exp.rack_id = l.rack_id`,
    )
    .all({ room: roomId }) as Array<{ rackId: number; expected: number; seen: number; done: number }>;
  return new Map(rows.map((r) => [r.rackId, r.expected > 0 ? r.seen / r.expected : r.done ? 1 : 0]));
}
