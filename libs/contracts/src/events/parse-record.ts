import { EVENT_TYPES } from '../topics';
import { checkJsonText } from './json-guard';
import { parseEvent, ParseResult } from './parse-event';
import { errorMessage } from '../error-message';

/** Kafka record headers as kafkajs hands them over. */
export type RecordHeaders = Record<string, Buffer | string | (Buffer | string)[] | undefined>;

/** The structured-mode media type (CloudEvents JSON format); what the services publish with. */
export const CLOUDEVENTS_JSON = 'application/cloudevents+json';

/** Attributes a binary-mode record must carry as `ce_*` headers (the contract requires `time`). */
const REQUIRED_BINARY = ['specversion', 'id', 'source', 'type', 'time'] as const;

/** Attribute names are lower-case letters and digits (CloudEvents 1.0, "Attribute Naming"). */
const ATTRIBUTE_NAME = /^[a-z0-9]{1,20}$/;

export type ContentMode = 'structured' | 'binary';

/**
 * One Kafka record, in either content mode of the CloudEvents Kafka protocol binding, checked
 * against the contract and against its topic. Structured: the value is the JSON envelope (header
 * `content-type: application/cloudevents+json`, or no content-type, as earlier producers send).
 * Binary: the attributes are `ce_*` headers, percent-decoded, and the value is `data` per the
 * record's `content-type` (JSON only: every payload of the contract is JSON). After that both
 * modes go through the same `parseEvent`, so validation and reasons are the same. Never throws.
 */
export function parseRecord(topic: string, value: Buffer | string | null | undefined, headers?: RecordHeaders | null): ParseResult & { mode?: ContentMode } {
  try {
    const h = normalise(headers ?? {});
    const contentType = h.get('content-type');
    const media = contentType?.split(';')[0].trim().toLowerCase();
    const ceHeaders = [...h.keys()].filter((k) => k.startsWith('ce_'));
    let result: ParseResult;
    let mode: ContentMode;
    if (media !== undefined && media.startsWith('application/cloudevents')) {
      if (ceHeaders.length > 0) return refuse(`mixed content modes: structured content-type ${media} with binary header ${ceHeaders[0]}`);
      if (media !== CLOUDEVENTS_JSON) return refuse(`unsupported structured format ${media}: only ${CLOUDEVENTS_JSON} (no batches)`);
      mode = 'structured';
      result = structured(value);
    } else if (ceHeaders.length > 0) {
      mode = 'binary';
      result = binary(value, h, media);
    } else {
      // No `ce_*` header: a structured record whatever its content-type says (application/json
      // from older producers), so that it is judged by its value and refused with a reason.
      mode = 'structured';
      result = structured(value);
    }
    if (!result.ok) return result;
    const expected = (EVENT_TYPES as Record<string, string>)[result.event.type];
    if (expected !== topic) return refuse(`wrong topic: ${result.event.type} belongs on ${expected}, not ${topic}`);
    return { ...result, mode };
  } catch (error: unknown) {
    return refuse(`could not be read: ${errorMessage(error)}`);
  }
}

function refuse(reason: string): { ok: false; reason: string } {
  return { ok: false, reason: reason.length > 300 ? `${reason.slice(0, 297)}...` : reason };
}

function structured(value: Buffer | string | null | undefined): ParseResult {
  if (value === null || value === undefined || value.length === 0) return refuse('empty message: a tombstone or no value');
  return parseEvent(Buffer.isBuffer(value) ? value.toString('utf8') : value);
}

function binary(value: Buffer | string | null | undefined, h: Map<string, string>, media: string | undefined): ParseResult {
  const envelope: Record<string, unknown> = {};
  for (const [name, raw] of h) {
    if (!name.startsWith('ce_')) continue;
    const attribute = name.slice(3);
    if (!ATTRIBUTE_NAME.test(attribute) || attribute === 'data' || attribute === 'data_base64') return refuse(`binary mode: header ${name} is not a CloudEvents attribute`);
    let decoded: string;
    try {
      decoded = decodeURIComponent(raw);
    } catch {
      return refuse(`binary mode: header ${name} is not valid percent-encoding`);
    }
    envelope[attribute] = decoded;
  }
  for (const attribute of REQUIRED_BINARY) {
    if (envelope[attribute] === undefined || envelope[attribute] === '') {
      return refuse(`binary mode: missing header ce_${attribute} (required attribute ${attribute})`);
    }
  }
  if (media !== undefined && media !== 'application/json' && !media.endsWith('+json')) {
    return refuse(`binary mode: content-type ${media} is not JSON; every payload of the contract is JSON`);
  }
  if (value === null || value === undefined || value.length === 0) return refuse('binary mode: no data: a tombstone or no value');
  const text = Buffer.isBuffer(value) ? value.toString('utf8') : value;
  const tooBig = checkJsonText(text);
  if (tooBig !== undefined) return refuse(`data ${tooBig}`);
  try {
    envelope.data = JSON.parse(text);
  } catch (error: unknown) {
    return refuse(`data not valid JSON: ${errorMessage(error)}`);
  }
  if (media !== undefined) envelope.datacontenttype = media;
  // parseEvent walks the assembled envelope for prototype keys, so their path reads `data.x`.
  return parseEvent(envelope);
}

/**
 * Header names are case-insensitive; a repeated header counts by its first value, and bytes are
 * read as UTF-8 (the binding's header values are strings).
 */
function normalise(headers: RecordHeaders): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, raw] of Object.entries(headers)) {
    const first = Array.isArray(raw) ? raw[0] : raw;
    if (first === undefined || first === null) continue;
    const key = name.toLowerCase();
    if (!out.has(key)) out.set(key, Buffer.isBuffer(first) ? first.toString('utf8') : String(first));
  }
  return out;
}
