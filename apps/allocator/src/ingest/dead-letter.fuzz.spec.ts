import * as fc from 'fast-check';
import { Logger } from '@nestjs/common';
import type { KafkaMessage } from 'kafkajs';
import { DLQ_HEADERS, TOPICS } from '@imc/contracts';
import { fuzzParameters } from '@imc/contracts/testing/fuzz';
import { EventPublisher, OutgoingRecord, toKafkaMessage } from '@imc/platform';
import { CompactionGuard } from '../durability/compaction-guard';
import { AllocatorMetrics } from '../metrics/allocator-metrics';
import type { PlanningService } from '../planning/planning.service';
import { AllocatorState } from '../state/allocator-state';
import { IngestService } from './ingest.service';

// kafkajs's own record encoder and decoder: what the producer writes and the consumer reads.
const encodeRecord = require('kafkajs/src/protocol/recordBatch/record/v0') as (r: { key: unknown; value: unknown; headers?: unknown }) => { buffer: Buffer };
const decodeRecord = require('kafkajs/src/protocol/recordBatch/record/v0/decoder') as (d: unknown, context: object) => { key: Buffer | null; value: Buffer | null; headers: Record<string, Buffer | Buffer[]> };
const Decoder = require('kafkajs/src/protocol/decoder') as new (b: Buffer) => { readVarIntBytes(): Buffer };

/** Bytes as the wire carries them: after kafkajs encodes a record and reads it back. */
function overTheWire(m: { key: Buffer | string | null; value: Buffer | string | null; headers?: unknown }): ReturnType<typeof decodeRecord> {
  const encoded = encodeRecord({ key: m.key, value: m.value, headers: m.headers }).buffer;
  return decodeRecord(new Decoder(new Decoder(encoded).readVarIntBytes() as Buffer), { firstOffset: '0', firstTimestamp: '0' });
}

/**
 * Issue 26 item 3: keys and header values of any shape (JSON-looking, binary, empty) go from the
 * consumer through the allocator's input consumer and ingest to the dead-letter record kafkajs
 * encodes, as the same bytes, and the dead letter is written (nothing the record holds can make
 * its publish fail).
 */
const jsonLooking = fc.oneof(fc.json({ maxDepth: 2 }).filter((t) => t.startsWith('{') || t.startsWith('[')), fc.constantFrom('{"a":1}', '[1,2]', '{', '[', '{}', '[]'));
const keyBytes = fc.oneof(
  jsonLooking.map((t) => Buffer.from(t)),
  fc.uint8Array({ maxLength: 24 }).map((b) => Buffer.from(b)),
  fc.constant(Buffer.alloc(0)),
  fc.constantFrom(Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x6b]), Buffer.from([0x00, 0x7b, 0x7d])),
  fc.string({ maxLength: 12 }).map((t) => Buffer.from(t)),
);
const headerName = fc.oneof(fc.constantFrom('ce_id', 'content-type', 'x-json', 'x-bin'), fc.string({ minLength: 1, maxLength: 8 }).filter((n) => !n.toLowerCase().startsWith('imc-dlq-')));
const headers = fc.dictionary(headerName, fc.oneof(keyBytes, fc.array(keyBytes, { minLength: 2, maxLength: 3 })), { maxKeys: 4 });
const poisonValue = fc.oneof(fc.constant(null), fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.from(b)), jsonLooking.map((t) => Buffer.from(t)));

describe('fuzz: record bytes through ingest to the DLQ', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('a poison record with any key and header values reaches the DLQ with the same bytes', async () => {
    const published: OutgoingRecord[] = [];
    const publisher = {
      publish: async (records: OutgoingRecord[]) => {
        for (const r of records) overTheWire(toKafkaMessage(r)); // throws where kafkajs's encoder would
        published.push(...records);
      },
    } as unknown as EventPublisher;
    const planning = { idle: async () => undefined, runNow: async () => undefined, schedule: () => undefined } as unknown as PlanningService;
    const ingest = new IngestService(new AllocatorState(), planning, publisher, new AllocatorMetrics(), new CompactionGuard());
    ingest.deadLetterPatienceMs = 0;

    await fc.assert(
      fc.asyncProperty(fc.option(keyBytes, { nil: null }), poisonValue, headers, async (key, value, sentHeaders) => {
        published.length = 0;
        const read = overTheWire({ key, value, headers: sentHeaders });
        const message = { key: read.key, value: read.value, headers: read.headers, offset: '7', timestamp: '0', attributes: 0 } as unknown as KafkaMessage;
        // As the allocator's input consumer hands it over: kafkajs's message, its bytes untouched.
        await ingest.handle({ topic: TOPICS.decisions, partition: 0, offset: message.offset, key: message.key, value: message.value, headers: message.headers });
        expect(published).toHaveLength(1);
        const dead = overTheWire(toKafkaMessage(published[0]));
        expect(dead.key).toEqual(read.key);
        expect(dead.value).toEqual(read.value);
        const { [DLQ_HEADERS.reason]: reason, [DLQ_HEADERS.originalTopic]: _t, [DLQ_HEADERS.originalPartition]: _p, [DLQ_HEADERS.originalOffset]: offset, ...kept } = dead.headers;
        expect(kept).toEqual(read.headers);
        expect(reason?.toString().length).toBeGreaterThan(0);
        expect(offset?.toString()).toBe('7');
      }),
      fuzzParameters(500),
    );
  });
});
