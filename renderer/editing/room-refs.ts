import { useEffect, useState } from 'react';
import { api } from '../api/client';
import { useDataVersion } from '../api/data-version';

export interface NamedRef {
  readonly id: number;
  readonly name: string;
}

export interface RoomRefs {
  readonly rows: readonly NamedRef[];
  readonly loops: readonly NamedRef[];
}

/**
 * The rows and cooling loops of a room with their ids, for the rack form's pickers. The room's rack list
 * names rows and loops but carries no ids, so one rack per row and per loop is asked for its detail.
 */
export function useRoomRefs(roomId: number): RoomRefs | null {
  const version = useDataVersion();
  const [refs, setRefs] = useState<RoomRefs | null>(null);
  useEffect(() => {
    let live = true;
    void (async () => {
      const racks = await api.call('room.racks', { roomId });
      const probe = new Map<number, true>();
      const seenRows = new Set<string>();
      const seenLoops = new Set<string>();
      for (const rack of racks) {
        if (rack.row !== null && !seenRows.has(rack.row)) {
          seenRows.add(rack.row);
          probe.set(rack.id, true);
        }
        if (rack.loop !== null && !seenLoops.has(rack.loop)) {
          seenLoops.add(rack.loop);
          probe.set(rack.id, true);
        }
      }
      const details = await Promise.all([...probe.keys()].map((rackId) => api.call('rack.detail', { rackId })));
      const rows = new Map<number, string>();
      const loops = new Map<number, string>();
      for (const detail of details) {
        if (detail.row) rows.set(detail.row.id, detail.row.name);
        if (detail.loop) loops.set(detail.loop.id, detail.loop.name);
      }
      const sorted = (m: Map<number, string>): NamedRef[] =>
        [...m.entries()].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
      if (live) setRefs({ rows: sorted(rows), loops: sorted(loops) });
    })().catch(() => {
      if (live) setRefs({ rows: [], loops: [] });
    });
    return () => {
      live = false;
    };
  }, [roomId, version]);
  return refs;
}
