import { Logger } from '@nestjs/common';
import { DLQ_HEADERS, TOPICS } from '@imc/contracts';
import { ev, proposalWith, proposedLoan, twoMissionWorld } from '@imc/domain/testing/event.fixtures';
import type { EventPublisher, OutgoingRecord } from '@imc/platform';
import { CompactionGuard } from '../durability/compaction-guard';
import { AllocatorMetrics } from '../metrics/allocator-metrics';
import type { PlanningService } from '../planning/planning.service';
import { AllocatorState } from '../state/allocator-state';
import { ConsumedMessage } from './dead-letter';
import { APPLY_ATTEMPTS, IngestService } from './ingest.service';

function setup(publish?: (records: OutgoingRecord[]) => Promise<void>) {
  const state = new AllocatorState();
  const published: OutgoingRecord[] = [];
  const publisher = { publish: publish ?? (async (records: OutgoingRecord[]) => void published.push(...records)) } as unknown as EventPublisher;
  const planning = { idle: async () => undefined, runNow: async () => undefined, schedule: () => undefined } as unknown as PlanningService;
  const metrics = new AllocatorMetrics();
  const ingest = new IngestService(state, planning, publisher, metrics, new CompactionGuard());
  let offset = 0;
  const record = (topic: string, value: string | Buffer | null, headers?: ConsumedMessage['headers']): ConsumedMessage => ({
    topic,
    partition: 0,
    offset: String(offset++),
    key: Buffer.from('k'),
    value: typeof value === 'string' ? Buffer.from(value) : value,
    headers,
  });
  return { state, published, ingest, metrics, record };
}

const demand = (id = 'd-1') => ({
  demandId: id,
  missionId: 'UNOCI',
  capability: 'infantry-company',
  quantity: 1,
  window: { start: '2010-12-05T00:00:00Z', end: '2011-03-01T00:00:00Z' },
  priority: 5,
  version: 1,
});

describe('IngestService', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('dead-letters each kind of poison with its reason and goes on to the next record', async () => {
    const { ingest, published, record } = setup();
    const poison = [
      '{"specversion":"1.0","id":"p1","source":"/x","type":"imc.clock.ticked","time":"2010-12-02T00:00:00Z","data":{"constructor":1}}',
      `{"specversion":"1.0","id":"p2","source":"/x","type":"imc.clock.ticked","time":"2010-12-02T00:00:00Z","data":{},"x":${'['.repeat(3000)}${']'.repeat(3000)}}`,
      '{"specversion":"1.0","id":"p3","source":"/x","type":"imc.clock.ticked","time":"2012-11-27T00","data":{}}',
      '{"specversion":"1.0","id":"p4","source":"/x","type":"imc.clock.ticked","time":"2012-12-01 00:00:00","data":{}}',
      'not json',
    ];
    for (const text of poison) await expect(ingest.handle(record(TOPICS.clock, text))).resolves.toBe('dead-lettered');
    await expect(ingest.handle(record(TOPICS.clock, null))).resolves.toBe('dead-lettered');
    expect(published.map((r) => (r.headers ?? {})[DLQ_HEADERS.reason])).toEqual([
      'data.constructor: should not exist',
      'too deeply nested: JSON deeper than 64 levels',
      expect.stringMatching(/^not a CloudEvent: time: must be an RFC 3339 date-time/),
      expect.stringMatching(/^not a CloudEvent: time: must be an RFC 3339 date-time/),
      expect.stringMatching(/^not valid JSON/),
      'empty message: a tombstone or no value',
    ]);
    const good = JSON.stringify(ev('imc.clock.ticked', '2010-12-03T00:00:00Z', {}, 'good'));
    await expect(ingest.handle(record(TOPICS.clock, good))).resolves.toBe('applied');
  });

  it('applies a binary-mode event and dead-letters one lacking ce_id with its headers kept', async () => {
    const { ingest, published, record, state } = setup();
    const headers = { ce_specversion: '1.0', ce_id: 'bin-1', ce_source: '/producer%20one', ce_type: 'imc.demand.raised', ce_time: '2010-12-02T00:00:00Z', 'content-type': 'application/json' };
    for (const e of twoMissionWorld()) await ingest.handle(record(topicOf(e.type), JSON.stringify(e)));
    await expect(ingest.handle(record(TOPICS.demands, JSON.stringify(demand()), headers))).resolves.toBe('applied');
    expect(state.asOf()).toBe('2010-12-02T00:00:00.000Z');
    const { ce_id: _dropped, ...missing } = headers;
    await expect(ingest.handle(record(TOPICS.demands, JSON.stringify(demand('d-2')), missing))).resolves.toBe('dead-lettered');
    expect(published).toHaveLength(1);
    expect(published[0].headers).toMatchObject({ ...missing, [DLQ_HEADERS.reason]: 'binary mode: missing header ce_id (required attribute id)' });
  });

  it('dead-letters a decision the world refuses, with the world reason (issue 14 defect 5)', async () => {
    const { ingest, published, record, state } = setup();
    state.accept(proposalWith([proposedLoan({ loanId: 'loan-a', unitIds: ['u1'] })]));
    const decision = ev('imc.allocation.decided', '2010-12-02T00:00:00Z', { decisionId: 'dec-1', proposalId: 'global:1', loanIds: ['loan-x'], decision: 'approved', reviewer: 'r', version: 1 });
    await expect(ingest.handle(record(TOPICS.decisions, JSON.stringify(decision)))).resolves.toBe('dead-lettered');
    expect(published.map((r) => (r.headers ?? {})[DLQ_HEADERS.reason])).toEqual(['decision dec-1: loans not in proposal global:1: loan-x']);
  });

  it('retries a handler error, and applies the event once it succeeds (not "duplicate")', async () => {
    const { ingest, published, record, state } = setup();
    const apply = state.apply.bind(state);
    let failures = APPLY_ATTEMPTS - 1;
    jest.spyOn(state, 'apply').mockImplementation((event) => {
      if (failures-- > 0) return apply({ ...event, time: 'broken' });
      return apply(event);
    });
    const tick = JSON.stringify(ev('imc.clock.ticked', '2010-12-09T00:00:00Z', {}, 'tick-1'));
    await expect(ingest.handle(record(TOPICS.clock, tick))).resolves.toBe('applied');
    expect(state.asOf()).toBe('2010-12-09T00:00:00.000Z');
    expect(published).toEqual([]);
  });

  it('dead-letters an event whose applying keeps failing, with the error, instead of dropping it', async () => {
    const { ingest, published, record, state, metrics } = setup();
    jest.spyOn(state, 'apply').mockImplementation(() => {
      throw new RangeError('Invalid time value');
    });
    const tick = JSON.stringify(ev('imc.clock.ticked', '2010-12-09T00:00:00Z', {}, 'tick-2'));
    await expect(ingest.handle(record(TOPICS.clock, tick))).resolves.toBe('dead-lettered');
    expect(published.map((r) => (r.headers ?? {})[DLQ_HEADERS.reason])).toEqual([`not applied after ${APPLY_ATTEMPTS} attempts: Invalid time value`]);
    expect((await metrics.handlerErrors.get()).values[0].value).toBe(APPLY_ATTEMPTS);
  });

  describe('a dead letter that cannot be published never holds the partition (issue 26 item 3)', () => {
    it('sends the place and reason without the value when the record cannot be encoded, at once', async () => {
      const sent: OutgoingRecord[] = [];
      const { ingest, record } = setup(async (records) => {
        // What kafkajs threw for a key Nest's parser had turned into an object: no retry changes it.
        if (records.some((r) => r.value !== null)) throw new TypeError('The "string" argument must be of type string or an instance of Buffer or ArrayBuffer. Received an instance of Object');
        sent.push(...records);
      });
      const started = Date.now();
      await expect(ingest.handle(record(TOPICS.decisions, Buffer.from([0xff, 0x00, 0xfe])))).resolves.toBe('dead-lettered');
      expect(Date.now() - started).toBeLessThan(2000);
      expect(sent).toHaveLength(1);
      expect(sent[0].value).toBeNull();
      expect(sent[0].key).toEqual(Buffer.from('k'));
      expect((sent[0].headers ?? {})[DLQ_HEADERS.reason]).toMatch(/^not valid JSON.*; original value not kept: The "string" argument/);
    });

    it('gives up after its patience when the DLQ stays unreachable, counts it, and the next record is applied', async () => {
      let attempts = 0;
      const { ingest, record, metrics } = setup(async () => {
        attempts++;
        throw Object.assign(new Error('Connection timeout'), { name: 'KafkaJSConnectionError' });
      });
      ingest.deadLetterPatienceMs = 300;
      const started = Date.now();
      await expect(ingest.handle(record(TOPICS.decisions, 'not json'))).resolves.toBe('dead-letter-failed');
      expect(Date.now() - started).toBeLessThan(3000);
      expect(attempts).toBeGreaterThan(1);
      expect((await metrics.deadLetterFailures.get()).values[0].value).toBe(1);
      const tick = JSON.stringify(ev('imc.clock.ticked', '2010-12-09T00:00:00Z', {}, 'tick-after'));
      await expect(ingest.handle(record(TOPICS.clock, tick))).resolves.toBe('applied');
    });

    it('stops waiting for a send that never comes back (a DLQ partition without a leader)', async () => {
      let sends = 0;
      const { ingest, record, metrics } = setup(() => {
        sends++;
        return new Promise<void>(() => undefined);
      });
      ingest.deadLetterPatienceMs = 200;
      ingest.deadLetterFallbackMs = 100;
      const started = Date.now();
      await expect(ingest.handle(record(TOPICS.decisions, 'not json'))).resolves.toBe('dead-letter-failed');
      expect(Date.now() - started).toBeLessThan(2000);
      expect(sends).toBeGreaterThanOrEqual(2);
      expect((await metrics.deadLetterFailures.get()).values[0].value).toBe(1);
    });

    it('still leaves the record for the next start when the service is stopping', async () => {
      const { ingest, record } = setup(async () => {
        throw Object.assign(new Error('Connection timeout'), { name: 'KafkaJSConnectionError' });
      });
      ingest.shutdown();
      await expect(ingest.handle(record(TOPICS.decisions, 'not json'))).rejects.toThrow('Connection timeout');
    });
  });
});

function topicOf(type: string): string {
  return { 'imc.mission.upserted': TOPICS.missions, 'imc.unit.upserted': TOPICS.units, 'imc.consent.recorded': TOPICS.consents }[type] ?? TOPICS.clock;
}
