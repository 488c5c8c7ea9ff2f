import * as fc from 'fast-check';
import { EVENT_TYPES, INPUT_TOPICS } from '../topics';
import { fuzzParameters, timeText } from '../testing/fuzz';
import { INPUT_TYPES, mutateOne, validEvent } from '../testing/valid-events';
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

/** Accepted of seen, printed so that a run says how far the inputs got. */
function share(name: string, accepted: number, total: number): number {
  process.stderr.write(`fuzz accepted share, ${name}: ${accepted}/${total} (${((100 * accepted) / Math.max(1, total)).toFixed(1)}%)\n`);
  return accepted / Math.max(1, total);
}

/** A valid event, or one with exactly one field changed (about one in three). */
const envelope = fc.constantFrom(...INPUT_TYPES).chain((type) =>
  fc.oneof({ arbitrary: validEvent(type).map((event) => ({ event, mutation: undefined })), weight: 2 }, { arbitrary: mutateOne(validEvent(type)), weight: 1 }).map((x) => ({ ...x, type })),
);

/** The binary-mode record of an event: attributes as percent-encoded `ce_*` headers, data as the value. */
function binaryRecord(event: object): { value: string; headers: Record<string, string> } {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  for (const [k, v] of Object.entries(event)) if (k !== 'data' && v !== undefined) headers[`ce_${k}`] = encodeURIComponent(typeof v === 'string' ? v : JSON.stringify(v));
  return { value: JSON.stringify((event as { data: unknown }).data), headers };
}

describe('fuzz: parseEvent and parseRecord', () => {
  it('parseEvent never throws, and whatever it accepts has times the domain reads', () => {
    let accepted = 0;
    let total = 0;
    fc.assert(
      fc.property(anyInput, (input) => {
        const result = parseEvent(input);
        total++;
        expect(typeof result.ok).toBe('boolean');
        if (!result.ok) expect(typeof result.reason).toBe('string');
        else {
          accepted++;
          expect(parseInstant(result.event.time)).toEqual(expect.any(Number));
        }
      }),
      params,
    );
    // Garbage on purpose: this one is about never throwing, not about reaching the payload rules.
    share('parseEvent, any input', accepted, total);
  });

  it('accepts every valid event of every input type, and refuses a one-field change by naming that field', () => {
    const byType = new Map<string, { accepted: number; total: number }>();
    let mutated = 0;
    let refusedMutated = 0;
    fc.assert(
      fc.property(envelope, ({ event, mutation, type }) => {
        const result = parseEvent(JSON.stringify(event));
        const counts = byType.get(type) ?? { accepted: 0, total: 0 };
        byType.set(type, counts);
        counts.total++;
        if (result.ok) counts.accepted++;
        if (mutation === undefined) {
          if (!result.ok) throw new Error(`a valid ${event.type} refused: ${result.reason}\n${JSON.stringify(event)}`);
          return;
        }
        mutated++;
        if (result.ok) return;
        refusedMutated++;
        // The reason names the changed field, or its parent object when the change is beside it
        // or makes it missing: `data.window.start: ...`, `not a CloudEvent: time: ...`.
        const field = mutation.path.replace(/\[\d+\]$/, '').split('.').pop() as string;
        const parent = mutation.path.split('.').slice(0, -1).pop()?.replace(/\[\d+\]$/, '');
        expect([field, parent, 'unknownField', 'type', 'JSON object'].some((name) => name !== undefined && result.reason.includes(name))).toBe(true);
      }),
      { ...params, numRuns: params.numRuns * 2 },
    );
    let accepted = 0;
    let total = 0;
    for (const [type, counts] of byType) {
      accepted += counts.accepted;
      total += counts.total;
      share(`parseEvent, ${type} (valid or one field changed)`, counts.accepted, counts.total);
    }
    // Every type was generated, and at least half of all the envelopes reached past validation.
    expect([...byType.keys()].sort()).toEqual([...INPUT_TYPES].sort());
    expect(share('parseEvent, all envelopes', accepted, total)).toBeGreaterThanOrEqual(0.5);
    // The one-field changes are mostly refused: the validation is not a sieve.
    expect(share('parseEvent, one-field changes (refused)', refusedMutated, mutated)).toBeGreaterThanOrEqual(0.5);
  });

  it('parseRecord accepts a valid event in either content mode on its own topic, and refuses it on another', () => {
    let accepted = 0;
    let total = 0;
    fc.assert(
      fc.property(validEvent(), fc.constantFrom('structured', 'binary'), fc.boolean(), (event, mode, ownTopic) => {
        const topic = ownTopic ? EVENT_TYPES[event.type as keyof typeof EVENT_TYPES] : INPUT_TOPICS.find((t) => t !== EVENT_TYPES[event.type as keyof typeof EVENT_TYPES])!;
        const record = mode === 'binary' ? binaryRecord(event) : { value: JSON.stringify(event), headers: { 'content-type': 'application/cloudevents+json' } };
        const result = parseRecord(topic, record.value, record.headers);
        total++;
        if (result.ok) accepted++;
        if (ownTopic) {
          if (!result.ok) throw new Error(`${mode} ${event.type} on ${topic} refused: ${result.reason}\n${JSON.stringify(event)}`);
          expect([result.mode, result.event.type, result.event.data]).toEqual([mode, event.type, JSON.parse(JSON.stringify(event.data))]);
        } else expect(result.ok ? '' : result.reason).toMatch(/^wrong topic/);
      }),
      params,
    );
    expect(share('parseRecord, valid events, own topic or not', accepted, total)).toBeGreaterThanOrEqual(0.4);
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
