import { z } from 'zod';
import { identifierProblem, trimIdentifier } from '../../inventory/identifier';

/**
 * An identifier or a name (hostname, serial, asset tag, a rack's name): spaces at either end trimmed, and
 * the shared identifier rule (no control, line-break, bidirectional or zero-width characters) — the same
 * one the importer holds every cell of these columns to.
 */
export const identifier = (max: number, what: string) =>
  z
    .string()
    .overwrite(trimIdentifier)
    .max(max)
    .superRefine((value, ctx) => {
      const problem = identifierProblem(value, what);
      if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
    });
/** A required identifier or name. */
export const name = (max: number, what: string) => identifier(max, what).min(1);
