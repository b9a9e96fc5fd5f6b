import { z } from 'zod';

/**
 * Who is calling. `console` is the renderer (Electron IPC or browser-mode HTTP): a page that could run an
 * injected script, so nothing it sends may name a file on disk. `cli` is an in-process caller (the
 * `floorwalk` command, tests, benchmarks), the only one that may pass paths.
 */
export type Caller = 'console' | 'cli';

/**
 * What a request does to the database. `read` requests only query: they may run on a read-only connection
 * beside a long write. `write` (the default, the safe choice) runs on the one writing connection, in order.
 */
export type Access = 'read' | 'write';

/** A request: its input schema, the narrower schema a console caller is held to, and (as a phantom type) its result. */
export interface RequestDef<Input extends z.ZodType, Result> {
  /** What an in-process (CLI) caller may send. */
  readonly input: Input;
  /** What the console may send: the same schema, a narrower one without paths, or null when the request is CLI-only. */
  readonly consoleInput: z.ZodType | null;
  readonly access: Access;
  readonly result: Result;
}

export interface RequestOptions {
  /**
   * The console's schema: omitted when the console may send what the CLI sends (the request carries no
   * path); a schema without the path forms; or `false` for a request that only makes sense with a path.
   */
  readonly console?: z.ZodType | false;
  /** `read` for a pure query; omitted means `write`. */
  readonly access?: Access;
}

export function request<Result>() {
  return <Input extends z.ZodType>(input: Input, options: RequestOptions = {}): RequestDef<Input, Result> => ({
    input,
    consoleInput: options.console === undefined ? input : options.console === false ? null : options.console,
    access: options.access ?? 'write',
    result: undefined as unknown as Result,
  });
}

/** A file named by its path: only the CLI may use this form (see Caller). */
export const pathSource = z.object({ path: z.string().min(1).max(4096) }).strict();

/**
 * The two schemas of a request whose `source` is a file: the CLI's accepts a path or what the console
 * sends, the console's only what the console sends. `build` makes the whole input from a source schema.
 */
export function fileSourceRequest<Result>() {
  return <ConsoleSource extends z.ZodType, Input extends z.ZodType>(
    consoleSource: ConsoleSource,
    build: (source: z.ZodUnion<readonly [typeof pathSource, ConsoleSource]>) => Input,
  ): RequestDef<Input, Result> => {
    const cliSource = z.union([pathSource, consoleSource]);
    // The console's schema is the same input without the path form: a narrowing, so what it parses still
    // fits the handler's type.
    return request<Result>()(build(cliSource), { console: build(consoleSource as unknown as typeof cliSource) });
  };
}
