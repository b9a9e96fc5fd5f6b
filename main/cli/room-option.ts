import { resolveRoom, type RoomRef } from '../../app/inventory/resolve';
import { stringOption, UsageError, type ParsedArgs } from './command';
import { withDb } from './commands-core';

/** Resolves --room ROOM (SITE/ROOM, a unique room name or the id) for commands that need one. */
export async function roomOption(args: ParsedArgs, command: string): Promise<RoomRef> {
  const text = stringOption(args, 'room');
  if (text === undefined || text.trim() === '') throw new UsageError(`${command} needs --room ROOM (SITE/ROOM, a unique room name, or the room id)`);
  return withDb(args, (ctx) => Promise.resolve(resolveRoom(ctx.db, text)));
}

export const kwText = (kw: number | null): string => (kw === null ? '—' : kw.toFixed(1));
export const round2 = (kw: number | null): number | null => (kw === null ? null : Math.round(kw * 100) / 100);
