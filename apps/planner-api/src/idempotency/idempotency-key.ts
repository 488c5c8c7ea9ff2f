import { createHash } from 'node:crypto';
import type { CloudEvent } from '@imc/contracts';
import { ApiError } from '../http/api-error';

/** The request header of the IETF draft "The Idempotency-Key HTTP Header Field". */
export const IDEMPOTENCY_HEADER = 'idempotency-key';

/**
 * The Kafka header that carries a keyed write's request fingerprint on imc.decisions, so that any
 * API process, now or after a restart, can tell a retry (same fingerprint) from a reuse of the key
 * for another request (422) by reading the topic.
 */
export const FINGERPRINT_HEADER = 'imc-request-fingerprint';

/** How long a key is promised to be remembered (the contract's 24 h; the API keeps it longer). */
export const KEY_LIFETIME_MS = 24 * 60 * 60 * 1000;

const KEY_SYNTAX = /^[\x21-\x7e]{1,255}$/;

/** What a keyed request is: the event id its key gives, and the fingerprint of what it asks. */
export interface KeyedRequest {
  key: string;
  eventId: string;
  fingerprint: string;
}

/** A keyed write on record: the fingerprint it was made with and the event it wrote. */
export interface KeyedWrite {
  fingerprint: string;
  event: CloudEvent;
}

/**
 * The header's value: absent is fine (no idempotency), present must be 1 to 255 visible ASCII
 * characters. The draft sends it as a structured-field string (`"abc"`); the quotes are accepted
 * and dropped, so `"abc"` and `abc` are one key.
 */
export function parseIdempotencyKey(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  const refuse = (message: string) => ApiError.invalid(`invalid Idempotency-Key header: ${message}`, [{ field: 'Idempotency-Key', messages: [message] }]);
  if (Array.isArray(header)) throw refuse('sent more than once');
  const quoted = /^"(.*)"$/.exec(header);
  const key = quoted ? quoted[1] : header;
  if (!KEY_SYNTAX.test(key)) throw refuse('must be 1 to 255 visible ASCII characters (a UUID is a good key)');
  return key;
}

/**
 * The event id a key gives: the same for every API process and after any restart, so a retry
 * publishes the same id and the allocator (which applies an id once) records it once. Scoped by
 * the caller, as the draft asks: two clients choosing the same key do not meet.
 */
export function keyedEventId(identity: string, key: string): string {
  return `req-${createHash('sha256').update(`${identity}\u0000${key}`).digest('hex').slice(0, 32)}`;
}

/** What the request asks, independent of JSON spacing and key order: the route and the body. */
export function requestFingerprint(route: string, body: unknown): string {
  return createHash('sha256').update(`${route}\u0000${canonicalJson(body)}`).digest('hex');
}

export function keyedRequest(identity: string, key: string | undefined, route: string, body: unknown): KeyedRequest | undefined {
  if (key === undefined) return undefined;
  return { key, eventId: keyedEventId(identity, key), fingerprint: requestFingerprint(route, body) };
}

/**
 * A keyed write already on record for this request's key: its event when the request is the
 * same (the caller gets the first answer again); 422 when the key was used for another request;
 * undefined when the key is new.
 */
export function earlierWrite(request: KeyedRequest | undefined, held: KeyedWrite | undefined): CloudEvent | undefined {
  if (request === undefined || held === undefined) return undefined;
  if (held.fingerprint !== request.fingerprint) throw ApiError.keyReused(`Idempotency-Key ${request.key} was used for another request (event ${held.event.id}); send a new key for a new request`);
  return held.event;
}

/** JSON with object keys sorted at every level; undefined fields left out, as JSON.stringify does. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}
