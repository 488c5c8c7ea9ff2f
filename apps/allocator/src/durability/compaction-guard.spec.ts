import { TOPICS } from '@imc/contracts';
import { Logger } from '@nestjs/common';
import { unitEv } from '@imc/domain/testing/event.fixtures';
import type { EventPublisher, OutgoingRecord } from '@imc/platform';
import { IngestService } from '../ingest/ingest.service';
import { AllocatorMetrics } from '../metrics/allocator-metrics';
import type { PlanningService } from '../planning/planning.service';
import { AllocatorState } from '../state/allocator-state';
import { CompactionGuard, SeenRecord } from './compaction-guard';

const unit = (id: string, version: number, extra: Record<string, unknown> = {}): { record: SeenRecord; event: { id: string; data: unknown } } => {
  const event = { id, data: { unitId: 'UNMIL/inf-1', version, ...extra } };
  return { record: { topic: TOPICS.units, key: Buffer.from('UNMIL/inf-1'), value: Buffer.from(JSON.stringify(event)), headers: { 'content-type': Buffer.from('application/cloudevents+json') } }, event };
};

function feed(guard: CompactionGuard, ...items: ReturnType<typeof unit>[]): void {
  for (const item of items) guard.observe(item.record, item.event);
}

describe('CompactionGuard', () => {
  it('writes the current version again, byte for byte with its key and headers, when a stale one comes after it', () => {
    const guard = new CompactionGuard();
    const v2 = unit('e-2', 2);
    feed(guard, unit('e-1', 1), v2, unit('e-1-late', 1, { status: 'maintenance' }));
    expect(guard.takeReassertions()).toEqual([
      { topic: TOPICS.units, key: Buffer.from('UNMIL/inf-1'), value: v2.record.value, headers: { 'content-type': Buffer.from('application/cloudevents+json') } },
    ]);
    expect(guard.takeReassertions()).toEqual([]);
  });

  it('writes a binary key and binary header values back as the same bytes (issue 26 item 3)', () => {
    const guard = new CompactionGuard();
    const key = Buffer.from([0xff, 0xfe, 0x00, 0x6b]);
    const headers = { 'x-bin': Buffer.from([0xc3, 0x28]), multi: [Buffer.from([0xff]), Buffer.from('a')] };
    const at = (id: string, version: number) => ({ record: { topic: TOPICS.units, key, value: Buffer.from(id), headers }, event: { id, data: { unitId: 'u', version } } });
    const [v2, v1] = [at('e-2', 2), at('e-1', 1)];
    guard.observe(v2.record, v2.event);
    guard.observe(v1.record, v1.event);
    const [again] = guard.takeReassertions();
    expect(Buffer.isBuffer(again.key) && again.key.equals(key)).toBe(true);
    expect(again.headers).toEqual(headers);
  });

  it('also when the late record has the same version but another id (the world keeps the first)', () => {
    const guard = new CompactionGuard();
    feed(guard, unit('e-2', 2), unit('e-2-other', 2, { status: 'maintenance' }));
    expect(guard.takeReassertions().map((r) => JSON.parse(String(r.value)).id)).toEqual(['e-2']);
  });

  it('asks for nothing when the latest record on the key is the winner: in order, a duplicate, or an earlier re-assertion', () => {
    const guard = new CompactionGuard();
    feed(guard, unit('e-1', 1), unit('e-2', 2), unit('e-2', 2));
    expect(guard.takeReassertions()).toEqual([]);
    // Start-up read of a log where a previous run already re-asserted: stale, then the winner's copy.
    feed(guard, unit('e-1-late', 1), unit('e-2', 2));
    expect(guard.takeReassertions()).toEqual([]);
    // A newer version after a stale one settles the key too.
    feed(guard, unit('e-1-late-again', 1), unit('e-3', 3));
    expect(guard.takeReassertions()).toEqual([]);
  });

  it('does not set two entities a producer put under one key against each other', () => {
    const guard = new CompactionGuard();
    guard.observe({ topic: TOPICS.units, key: 'k', value: Buffer.from('a') }, { id: 'a-2', data: { unitId: 'A', version: 2 } });
    guard.observe({ topic: TOPICS.units, key: 'k', value: Buffer.from('b') }, { id: 'b-1', data: { unitId: 'B', version: 1 } });
    expect(guard.takeReassertions()).toEqual([]);
  });

  it('leaves streams, our own loans and unversioned policies alone', () => {
    const guard = new CompactionGuard();
    const on = (topic: string, id: string, data: unknown) => guard.observe({ topic, key: 'k', value: Buffer.from(id) }, { id, data });
    on(TOPICS.crises, 'c-2', { crisisId: 'k', version: 2 });
    on(TOPICS.crises, 'c-1', { crisisId: 'k', version: 1 });
    on(TOPICS.loans, 'l-2', { loanId: 'k', version: 2 });
    on(TOPICS.loans, 'l-1', { loanId: 'k', version: 1 });
    on(TOPICS.policies, 'p-a', {});
    on(TOPICS.policies, 'p-b', {});
    expect(guard.takeReassertions()).toEqual([]);
    on(TOPICS.missions, 'm-2', { missionId: 'k', version: 2 });
    on(TOPICS.missions, 'm-1', { missionId: 'k', version: 1 });
    expect(guard.takeReassertions().map((r) => [r.topic, String(r.value)])).toEqual([[TOPICS.missions, 'm-2']]);
  });

  it('writes the current version again after a tombstone on its key, which the world does not apply but compaction would', () => {
    const guard = new CompactionGuard();
    const v2 = unit('e-2', 2);
    feed(guard, unit('e-1', 1), v2);
    guard.observeTombstone({ topic: TOPICS.units, key: Buffer.from('UNMIL/inf-1'), value: null });
    expect(guard.takeReassertions().map((r) => [r.topic, r.key, r.value])).toEqual([[TOPICS.units, Buffer.from('UNMIL/inf-1'), v2.record.value]]);
    // A tombstone on a key it holds nothing for, or on a stream, asks for nothing.
    guard.observeTombstone({ topic: TOPICS.units, key: 'other', value: null });
    guard.observeTombstone({ topic: TOPICS.crises, key: 'UNMIL/inf-1', value: null });
    expect(guard.takeReassertions()).toEqual([]);
    // At a start-up read, the copy written after the tombstone settles the key.
    guard.observeTombstone({ topic: TOPICS.units, key: Buffer.from('UNMIL/inf-1'), value: null });
    feed(guard, v2);
    expect(guard.takeReassertions()).toEqual([]);
  });

  it('takes an unversioned policy as the state: the pending rewrite is dropped, and a later stale version gets the policy written again', () => {
    const guard = new CompactionGuard();
    const policy = (id: string, version?: number) => {
      const event = { id, data: version === undefined ? { caution: 'x' } : { version } };
      return { record: { topic: TOPICS.policies, key: 'default', value: Buffer.from(id) } as SeenRecord, event };
    };
    feed(guard, policy('v2', 2), policy('v1-late', 1), policy('p-unversioned'));
    expect(guard.takeReassertions()).toEqual([]);
    feed(guard, policy('v1-later', 1));
    expect(guard.takeReassertions().map((r) => String(r.value))).toEqual(['p-unversioned']);
    // A newer version after it wins as before.
    feed(guard, policy('v3', 3), policy('v2-late', 2));
    expect(guard.takeReassertions().map((r) => String(r.value))).toEqual(['v3']);
  });
});

describe('CompactionGuard live', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('a tombstone on imc.units is dead-lettered and followed by the unit the allocator holds', async () => {
    const published: OutgoingRecord[] = [];
    const publisher = { publish: async (records: OutgoingRecord[]) => void published.push(...records) } as unknown as EventPublisher;
    const planning = { idle: async () => undefined, runNow: async () => undefined, schedule: () => undefined } as unknown as PlanningService;
    const ingest = new IngestService(new AllocatorState(), planning, publisher, new AllocatorMetrics(), new CompactionGuard());
    const unit = Buffer.from(JSON.stringify(unitEv('2010-12-01T00:00:00Z', { unitId: 'UNMIL-inf-01', missionId: 'UNMIL' })));
    const headers = { 'content-type': Buffer.from('application/cloudevents+json') };
    await expect(ingest.handle({ topic: TOPICS.units, partition: 0, offset: '0', key: Buffer.from('UNMIL-inf-01'), value: unit, headers })).resolves.toBe('applied');
    await expect(ingest.handle({ topic: TOPICS.units, partition: 0, offset: '1', key: Buffer.from('UNMIL-inf-01'), value: null })).resolves.toBe('dead-lettered');
    expect(published.map((r) => [r.topic, String(r.key)])).toEqual([
      [TOPICS.units, 'UNMIL-inf-01'],
      [TOPICS.dlq, 'UNMIL-inf-01'],
    ]);
    expect(published[0].value).toEqual(unit);
  });
});
