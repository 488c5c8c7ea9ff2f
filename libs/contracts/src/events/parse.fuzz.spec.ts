import * as fc from 'fast-check';
import { INPUT_TOPICS } from '../topics';
import { fuzzParameters, timeText } from '../testing/fuzz';
import { MAX_JSON_DEPTH } from './json-guard';
import { parseEvent } from './parse-event';
import { parseRecord } from './parse-record';
import { parseInstant } from './validators';

/**
 * Property-based fuzzing of the two doors every input goes through (issue 9): whatever arrives,
 * a verdict comes back, never a throw, and what is accepted is something the domain can read.
 */
const params = fuzzParameters();
const TYPES = ['imc.mission.upserted', 'imc.unit.upserted', 'imc.unit.removed', 'imc.consent.recorded', 'imc.policy.updated', 'imc.crisis.declared', 'imc.demand.raised', 'imc.clock.ticked', 'imc.allocation.decided', 'imc.loan.returned', 'imc.bogus'];
const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];

/** JSON values whose keys include the prototype names. */
const keyedJson = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, fc.jsonValue({ maxDepth: 2 }), fc.array(tie('value'), { maxLength: 3 }), fc.dictionary(fc.oneof(fc.constantFrom(...PROTO_KEYS), fc.string({ maxLength: 8 })), tie('value'), { maxKeys: 4 })),
})).value;

/** A CloudEvent-shaped object with any data, any time and maybe a prototype key anywhere. */
const envelopeLike = fc.record(
  {
    specversion: fc.oneof(fc.constant('1.0'), fc.jsonValue({ maxDepth: 1 })),
    id: fc.oneof(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 1 })),
    source: fc.string({ maxLength: 12 }),
    type: fc.constantFrom(...TYPES),
    time: fc.oneof(timeText, fc.jsonValue({ maxDepth: 1 })),
    data: fc.oneof(keyedJson, fc.record({ version: fc.oneof(fc.integer(), fc.constant(null)), window: fc.record({ start: timeText, end: timeText }), returnedAt: timeText, validUntil: timeText, loanId: fc.string() }, { requiredKeys: [] })),
  },
  { requiredKeys: ['type'] },
);

/** Text with deep nesting spliced into an envelope: the stack overflow of issue 9. */
const deepText = fc.tuple(fc.integer({ min: MAX_JSON_DEPTH - 2, max: 5000 }), fc.constantFrom('[', '{"a":'), fc.boolean()).map(([depth, open, closed]) => {
  const close = open === '[' ? ']' : '}';
  return `{"specversion":"1.0","id":"x","source":"/s","type":"imc.clock.ticked","time":"2010-12-02T00:00:00Z","data":{},"x":${open.repeat(depth)}${closed ? `1${close.repeat(depth)}` : ''}}`;
});

const anyInput: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue(),
  fc.string(),
  fc.json(),
  keyedJson,
  envelopeLike,
  envelopeLike.map((e) => JSON.stringify(e)),
  deepText,
  fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)),
);

const headerValue = fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('1.0', 'imc.demand.raised', '%', '%E0%A4%A', '2010-12-02T00:00:00Z', 'application/cloudevents+json', 'application/json', 'text/plain'), fc.uint8Array({ maxLength: 10 }).map((b) => Buffer.from(b)));
const headers = fc.dictionary(fc.oneof(fc.constantFrom('content-type', 'ce_specversion', 'ce_id', 'ce_source', 'ce_type', 'ce_time', 'ce_data', 'CE_ID', 'ce___proto__', 'ce_constructor'), fc.string({ maxLength: 10 })), fc.oneof(headerValue, fc.array(headerValue, { maxLength: 2 })), { maxKeys: 7 });

describe('fuzz: parseEvent and parseRecord', () => {
  it('parseEvent never throws, and whatever it accepts has times the domain reads', () => {
    fc.assert(
      fc.property(anyInput, (input) => {
        const result = parseEvent(input);
        expect(typeof result.ok).toBe('boolean');
        if (!result.ok) expect(typeof result.reason).toBe('string');
        else expect(parseInstant(result.event.time)).toEqual(expect.any(Number));
      }),
      params,
    );
  });

  it('parseRecord never throws on any topic, value and headers, in either mode', () => {
    const value = fc.oneof(fc.constant(null), anyInput.filter((v) => typeof v === 'string' || Buffer.isBuffer(v)) as fc.Arbitrary<string | Buffer>, fc.jsonValue().map((v) => JSON.stringify(v)));
    fc.assert(
      fc.property(fc.constantFrom(...INPUT_TOPICS, 'imc.proposals', 'other'), value, fc.option(headers, { nil: undefined }), (topic, v, h) => {
        const result = parseRecord(topic, v, h);
        expect(typeof result.ok).toBe('boolean');
        if (result.ok) expect(parseInstant(result.event.time)).toEqual(expect.any(Number));
      }),
      params,
    );
  });

  it('a time is accepted exactly when parseInstant reads it, and reads to the same instant as Date.parse', () => {
    fc.assert(
      fc.property(timeText, (time) => {
        const result = parseEvent({ specversion: '1.0', id: 'e', source: '/s', type: 'imc.clock.ticked', time, data: {} });
        const ms = parseInstant(time);
        expect(result.ok).toBe(ms !== undefined);
        // For what the rule accepts, Date.parse (which the rule replaces) agrees to the millisecond.
        if (ms !== undefined && /^[0-9]{4}-/.test(time) && Number(time.slice(0, 4)) >= 1000) expect(ms).toBe(Date.parse(time.replace(/(\.\d{3})\d+/, '$1')));
      }),
      params,
    );
  });
});
