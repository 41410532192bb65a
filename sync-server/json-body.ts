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

interface Node {
  value: unknown;
  depth: number;
  parent: Node | null;
  key: string;
}

/** The dotted path of a node, built only for the one that failed (most bodies never need it). */
function pathOf(node: Node): string {
  const keys: string[] = [];
  for (let n: Node | null = node; n !== null && n.parent !== null; n = n.parent) keys.push(n.key);
  const path = keys.reverse().join('.');
  return path.length > 200 ? `${path.slice(0, 200)}...` : path;
}

/**
 * The first place in a parsed JSON value that cannot be stored, or null. Iterative, so depth cannot overflow it.
 * `checkText: false` skips the text checks when the JSON text showed none can fail (mayHoldUnstorableText).
 */
export function findUnstorableJson(value: unknown, maxDepth = MAX_JSON_DEPTH, opts: { checkText?: boolean } = {}): UnstorableJson | null {
  const checkText = opts.checkText ?? true;
  const stack: Node[] = [{ value, depth: 0, parent: null, key: '' }];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const v = node.value;
    if (typeof v === 'string') {
      if (checkText && !isStorableText(v)) return { code: 'INVALID_TEXT', path: pathOf(node) };
      continue;
    }
    if (typeof v !== 'object' || v === null) continue;
    if (node.depth >= maxDepth) return { code: 'NESTING_TOO_DEEP', path: pathOf(node) };
    // Without text checks only objects and arrays matter: their depth.
    const visit = (child: unknown, key: string): void => {
      if (checkText || (typeof child === 'object' && child !== null)) stack.push({ value: child, depth: node.depth + 1, parent: node, key });
    };
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) visit(v[i], String(i));
      continue;
    }
    for (const key of Object.keys(v)) {
      if (checkText && !isStorableText(key)) return { code: 'INVALID_TEXT', path: pathOf({ value: key, depth: node.depth + 1, parent: node, key: '(key)' }) };
      visit((v as Record<string, unknown>)[key], key);
    }
  }
  return null;
}

/**
 * Whether JSON text can decode to an unstorable string at all. Valid JSON carries NUL and surrogates only as
 * \u escapes (a raw control character is invalid JSON, and UTF-8 cannot encode a lone surrogate), so text
 * without a \u0000 or \uD800-\uDFFF escape needs no string checks. A false alarm only costs the full check.
 */
export function mayHoldUnstorableText(jsonText: string): boolean {
  return /\\u(?:0000|[dD][89a-fA-F])/.test(jsonText);
}

/** Bodies the HTTP parser already checked: validatePush does not walk them a second time. */
const checked = new WeakSet<object>();

/** Throws the 400 for an unstorable body: INVALID_TEXT or NESTING_TOO_DEEP, with where. */
export function assertStorableJson(value: unknown, opts: { checkText?: boolean } = {}): void {
  if (typeof value === 'object' && value !== null && checked.has(value)) return;
  const found = findUnstorableJson(value, MAX_JSON_DEPTH, opts);
  if (found === null) {
    if (typeof value === 'object' && value !== null) checked.add(value);
    return;
  }
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
    const text = body.toString();
    parseJson(request, text, (error, value) => {
      if (error) return done(error, undefined);
      try {
        assertStorableJson(value, { checkText: mayHoldUnstorableText(text) });
      } catch (e) {
        return done(e as Error, undefined);
      }
      done(null, value);
    });
  });
}
