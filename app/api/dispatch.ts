import { FloorwalkError } from '../core/errors';
import { contract, isRequestName, type RequestName, type RequestResult } from './contract';
import { handlers, type HandlerContext } from './handlers/index';
import { actorFor } from '../session/technician';
import { explainDbFailure } from '../db/open';

/**
 * The single door into the core: refuses names outside the contract, validates the payload with the
 * request's zod schema for this caller (the console's never names a file), then runs its handler. Every transport calls this and nothing else.
 */
export async function dispatch(ctx: HandlerContext, name: unknown, rawInput: unknown): Promise<unknown> {
  if (!isRequestName(name)) {
    throw new FloorwalkError('invalid_input', `Unknown request ${JSON.stringify(name)}.`);
  }
  const def = contract[name];
  const schema = (ctx.caller ?? 'console') === 'cli' ? def.input : def.consoleInput;
  if (schema === null) {
    throw new FloorwalkError('invalid_input', `${name} names a file on this computer, so only the floorwalk CLI may call it.`);
  }
  // A console caller is held to the schema without the path forms: a path in its input is refused here,
  // whatever carried it, before any handler runs.
  const parsed = schema.safeParse(rawInput ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue && issue.path.length > 0 ? issue.path.join('.') : undefined;
    const message = issue ? `${field ? `${field}: ` : ''}${issue.message}` : 'invalid input';
    throw new FloorwalkError('invalid_input', `Invalid ${name} request: ${message}`, field ? { field } : {});
  }
  const handler = handlers[name] as (ctx: HandlerContext, input: unknown) => unknown;
  // Writes name the technician remembered for this database, not the transport ("console user").
  try {
    const actor = def.access === 'write' ? actorFor(ctx.db, ctx.actor) : ctx.actor;
    return await handler(actor === ctx.actor ? ctx : { ...ctx, actor }, parsed.data);
  } catch (error) {
    // A full disk, read-only media or a missing permission is named with its cause and the file's path.
    throw explainDbFailure(ctx.db, ctx.dbPath, error);
  }
}

/** Typed form of dispatch for in-process callers (CLI, tests). */
export async function callLocal<K extends RequestName>(ctx: HandlerContext, name: K, input: unknown): Promise<RequestResult<K>> {
  return (await dispatch(ctx, name, input)) as RequestResult<K>;
}
