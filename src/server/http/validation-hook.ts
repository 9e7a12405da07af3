import type { Context } from 'hono';
import type { z } from 'zod';
import type { ErrorBody } from './error-response.ts';

/** A failed zod result as the validator hands it to the hook. */
interface FailedValidation {
  success: false;
  error: z.ZodError;
  target: string;
}

/** Describes the first zod issue: the field path and a sentence. */
export function describeIssue(
  error: z.ZodError,
  target: string,
): ErrorBody['error'] {
  const issue = error.issues[0];
  const path = issue?.path.map(String).join('.') ?? '';
  const where = path === '' ? `the ${targetName(target)}` : `field "${path}"`;
  return {
    code: 'invalid_argument',
    message: `${where} is invalid: ${issue?.message ?? 'unknown rule'}.`,
    path,
  };
}

function targetName(target: string): string {
  if (target === 'json' || target === 'form') return 'request body';
  if (target === 'query') return 'query string';
  if (target === 'param') return 'path';
  return target;
}

/**
 * Hook of every validated route: a failed validation becomes a 400 with
 * `{ error: { code, message, path } }` naming the first invalid field.
 */
export function validationHook(
  result: { success: true } | FailedValidation,
  c: Context,
): Response | undefined {
  if (result.success) return undefined;
  return c.json({ error: describeIssue(result.error, result.target) }, 400);
}
