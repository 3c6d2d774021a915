import * as z from 'zod';

/** Longest string accepted in any field, in UTF-16 code units (about 1 MB of text). */
export const MAX_TEXT = 1_048_576;

/** Longest line accepted in examples.jsonl, in bytes. */
export const MAX_LINE_BYTES = 4 * 1024 * 1024;

/** Lowercase slug used for run, benchmark, provider and family ids: it becomes a URL segment. */
export const SLUG_PATTERN = /^[a-z0-9][a-z0-9._-]{0,127}$/;

/** Free text: prompts, outputs, notes. Bounded so one record cannot exhaust a build. */
export const text = () =>
  z.string().max(MAX_TEXT, {
    error: `text is longer than ${MAX_TEXT.toLocaleString('en-US')} characters; shorten it or split it`,
  });

/** A short label such as a model identifier or a version. */
export const label = (max = 200) =>
  z
    .string()
    .min(1, { error: 'expected a non-empty string' })
    .max(max, { error: `expected at most ${max} characters` });

export const slug = () =>
  z.string().regex(SLUG_PATTERN, {
    error:
      'expected a lowercase slug: a-z, 0-9, ".", "_" or "-", starting with a letter or digit, at most 128 characters',
  });

export const timestamp = () =>
  z.iso.datetime({
    offset: true,
    error: 'expected an ISO 8601 date-time with a time zone, e.g. "2026-03-01T14:05:00Z"',
  });

export const count = () => z.int().min(0);
