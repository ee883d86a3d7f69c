import { z } from 'zod';

/**
 * Values a client sends that the database must be able to hold: ids that fit an `integer` column
 * and text without NUL (PostgreSQL text cannot hold it). Refused here with a 400 naming the field,
 * where the database would otherwise fail the query and the client see a 500.
 */

/** The largest `integer` (int4): every id column is one. */
export const MAX_ID = 2_147_483_647;

/** A path id, `/:id`: digits that fit the column; a larger one is a 400 naming the parameter, not a 500. */
export const idParam = z
  .string()
  .regex(/^[0-9]+$/, 'must be a whole number')
  .refine((s) => s.length <= 10 && Number(s) >= 1 && Number(s) <= MAX_ID, `must be between 1 and ${MAX_ID}`)
  .transform(Number);

/** An id in a JSON body. */
export const idValue = z
  .number({ message: 'must be a number' })
  .int('must be a whole number')
  .min(1, 'must be at least 1')
  .max(MAX_ID, `must be at most ${MAX_ID}`);

export const NO_NUL = 'must not contain NUL characters';
export const noNul = (s: string) => !s.includes('\u0000');

/**
 * A lone UTF-16 surrogate (`"\ud800"` in JSON) is no character: PostgreSQL's JSON refuses it, so an
 * event's data holding such a text failed the write (a 500).
 */
export const NOT_UNICODE = 'must be well-formed Unicode (no lone surrogate such as \\ud800)';
export const wellFormed = (s: string) => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);

/** Text as the database takes it: trimmed, `min`–`max` characters, no NUL, no lone surrogate. */
export const text = (max: number, min = 1) =>
  z
    .string({ message: 'must be text' })
    .trim()
    .min(min, 'must not be empty')
    .max(max, `at most ${max} characters`)
    .refine(noNul, NO_NUL)
    .refine(wellFormed, NOT_UNICODE);
