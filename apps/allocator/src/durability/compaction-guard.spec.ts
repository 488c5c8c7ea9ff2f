import { TOPICS } from '@imc/contracts';
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
});
