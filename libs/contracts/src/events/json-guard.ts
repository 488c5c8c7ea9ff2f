import { errorMessage } from '../error-message';
/**
 * Bounds on untrusted JSON, checked before anything recursive touches it. `JSON.parse` itself
 * copes with deep nesting, but class-transformer, class-validator and the world's copies recurse,
 * and a few kilobytes of `[[[[...` overflow their stack; so the depth is counted first with a
 * cheap linear scan of the text, and walked iteratively when the value arrives already parsed.
 */

/** Deeper than any payload of the contract (a policy is about 4 levels inside its envelope). */
export const MAX_JSON_DEPTH = 64;

/** One event is one entity; the broker's default record limit is 1 MB. */
export const MAX_EVENT_BYTES = 1024 * 1024;

/**
 * Keys that reach an object's prototype machinery: class-transformer throws on `constructor`,
 * and `__proto__` vanishes in a copy. Refused as unknown fields wherever they appear.
 */
export const FORBIDDEN_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];

/**
 * Nesting depth of a JSON text, counted without parsing it: brackets outside strings. Stops
 * counting once past `limit`, so the answer is `limit + 1` at most and the cost stays linear.
 */
export function jsonTextDepth(text: string, limit = MAX_JSON_DEPTH): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: the next character is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > limit) return max;
      }
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return max;
}

/** The reason a JSON text is refused before parsing, or undefined when it may be parsed. */
export function checkJsonText(text: string, maxBytes = MAX_EVENT_BYTES, maxDepth = MAX_JSON_DEPTH): string | undefined {
  // UTF-16 length is at most the UTF-8 byte count, and at least a third of it.
  if (text.length > maxBytes || (text.length * 3 > maxBytes && Buffer.byteLength(text, 'utf8') > maxBytes)) {
    return `too large: over ${maxBytes} bytes`;
  }
  if (jsonTextDepth(text, maxDepth) > maxDepth) return `too deeply nested: JSON deeper than ${maxDepth} levels`;
  return undefined;
}

/**
 * Walks an already parsed value without recursion: the first problem found, as a reason naming
 * the path (`data.window.constructor: should not exist`), or undefined.
 */
export function checkJsonValue(value: unknown, maxDepth = MAX_JSON_DEPTH): string | undefined {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: '', depth: 0 }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (item.value === null || typeof item.value !== 'object') continue;
    const depth = item.depth + 1;
    if (depth > maxDepth) return `too deeply nested: JSON deeper than ${maxDepth} levels`;
    if (Array.isArray(item.value)) {
      item.value.forEach((v, i) => stack.push({ value: v, path: `${item.path}[${i}]`, depth }));
      continue;
    }
    for (const key of Object.keys(item.value)) {
      const path = item.path === '' ? key : `${item.path}.${key}`;
      if (FORBIDDEN_KEYS.includes(key)) return `${path}: should not exist`;
      stack.push({ value: (item.value as Record<string, unknown>)[key], path, depth });
    }
  }
  return undefined;
}

export type JsonParseResult = { ok: true; value: unknown } | { ok: false; reason: string };

/** `JSON.parse` behind the bounds above: never throws, never recurses on untrusted depth. */
export function parseBoundedJson(text: string, maxBytes = MAX_EVENT_BYTES, maxDepth = MAX_JSON_DEPTH): JsonParseResult {
  const refused = checkJsonText(text, maxBytes, maxDepth);
  if (refused !== undefined) return { ok: false, reason: refused };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error: unknown) {
    return { ok: false, reason: `not valid JSON: ${errorMessage(error)}` };
  }
  const bad = checkJsonValue(value, maxDepth);
  return bad === undefined ? { ok: true, value } : { ok: false, reason: bad };
}
