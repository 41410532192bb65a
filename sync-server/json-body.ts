import type { FastifyInstance } from 'fastify';
import { DomainError } from '../shared/domain/errors';
import { isStorableText, UNSTORABLE_TEXT_MESSAGE } from '../shared/domain/schemas';
import { MAX_JSON_DEPTH } from '../shared/sync/protocol';

/**
 * A request body the server accepts must also be one it can store. PostgreSQL refuses NUL and lone UTF-16
 * surrogates in text and jsonb, and a deeply nested value overflows the stack of JSON.stringify and of jsonb;
 * either used to pass validation and then fail with the same 500 on every retry, blocking the till's queue.
 * The whole body is checked here (keys, extra fields a loose schema lets through, payloads of ops from a newer
 * app that are only recorded), so nothing unstorable reaches a handler.
 */
export interface UnstorableJson {
  code: 'INVALID_TEXT' | 'NESTING_TOO_DEEP';
  /** where in the body, as a dotted path (cut short for a deep value) */
  path: string;
}

const MAX_PATH_CHARS = 200;

/** The first place in a parsed JSON value that cannot be stored, or null. Iterative: depth cannot overflow it. */
export function findUnstorableJson(value: unknown, maxDepth = MAX_JSON_DEPTH): UnstorableJson | null {
  const stack: Array<{ value: unknown; depth: number; path: string }> = [{ value, depth: 0, path: '' }];
  const at = (path: string, key: string): string => (path.length > MAX_PATH_CHARS ? path : path === '' ? key : `${path}.${key}`);
  while (stack.length > 0) {
    const item = stack.pop()!;
    const v = item.value;
    if (typeof v === 'string') {
      if (!isStorableText(v)) return { code: 'INVALID_TEXT', path: item.path };
      continue;
    }
    if (typeof v !== 'object' || v === null) continue;
    if (item.depth >= maxDepth) return { code: 'NESTING_TOO_DEEP', path: item.path };
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], depth: item.depth + 1, path: at(item.path, String(i)) });
      continue;
    }
    for (const [key, child] of Object.entries(v)) {
      if (!isStorableText(key)) return { code: 'INVALID_TEXT', path: at(item.path, '(key)') };
      stack.push({ value: child, depth: item.depth + 1, path: at(item.path, key) });
    }
  }
  return null;
}

/** Throws the 400 for an unstorable body: INVALID_TEXT or NESTING_TOO_DEEP, with where. */
export function assertStorableJson(value: unknown): void {
  const found = findUnstorableJson(value);
  if (found === null) return;
  if (found.code === 'INVALID_TEXT') {
    throw new DomainError('INVALID_TEXT', `text at ${found.path || 'the top'} ${UNSTORABLE_TEXT_MESSAGE}`, { path: found.path });
  }
  throw new DomainError('NESTING_TOO_DEEP', `the body is nested deeper than ${MAX_JSON_DEPTH} levels`, { path: found.path, maxDepth: MAX_JSON_DEPTH });
}

/** Replaces fastify's JSON body parser with the same parser (prototype poisoning refused) plus the check above. */
export function useStorableJsonBodies(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    parseJson(request, body.toString(), (error, value) => {
      if (error) return done(error, undefined);
      try {
        assertStorableJson(value);
      } catch (e) {
        return done(e as Error, undefined);
      }
      done(null, value);
    });
  });
}
