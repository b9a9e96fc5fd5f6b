import type { z } from 'zod';

/** A request: its input schema and (as a phantom type) its result. */
export interface RequestDef<Input extends z.ZodType, Result> {
  readonly input: Input;
  readonly result: Result;
}

export function request<Result>() {
  return <Input extends z.ZodType>(input: Input): RequestDef<Input, Result> => ({ input, result: undefined as unknown as Result });
}
