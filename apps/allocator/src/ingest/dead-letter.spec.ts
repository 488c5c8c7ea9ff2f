import { DLQ_HEADERS, TOPICS } from '@imc/contracts';
import { toKafkaMessage } from '@imc/platform';
import { ConsumedMessage, deadLetter, reasonKind } from './dead-letter';

const message = (over: Partial<ConsumedMessage> = {}): ConsumedMessage => ({
  topic: TOPICS.demands,
  partition: 2,
  offset: '41',
  key: Buffer.from('d-1'),
  value: Buffer.from('{"not":"an event"}'),
  ...over,
});

describe('deadLetter', () => {
  it('keeps a JSON-looking key and a binary key byte for byte (issue 9 defect 4)', () => {
    for (const key of [Buffer.from('{"a":1}'), Buffer.from([0x00, 0xff, 0xfe, 0x80, 0x7b])]) {
      const out = toKafkaMessage(deadLetter(message({ key }), 'r'));
      expect(Buffer.isBuffer(out.key)).toBe(true);
      expect((out.key as Buffer).equals(key)).toBe(true);
    }
    expect(toKafkaMessage(deadLetter(message({ key: null }), 'r')).key).toBeNull();
  });

  it('keeps the value byte for byte, and a tombstone as null rather than an empty value', () => {
    const value = Buffer.from([0xc3, 0x28, 0x00, 0x7b, 0x22]);
    const out = toKafkaMessage(deadLetter(message({ value }), 'r'));
    expect((out.value as Buffer).equals(value)).toBe(true);
    expect(toKafkaMessage(deadLetter(message({ value: null }), 'empty message')).value).toBeNull();
  });

  it('keeps the original headers, adds the reason and origin, and never adds a content-type', () => {
    const headers = { ce_id: Buffer.from('evt-1'), ce_type: 'imc.demand.raised', 'imc-dlq-reason': 'an older reason', multi: [Buffer.from('a'), 'b'] };
    const out = toKafkaMessage(deadLetter(message({ headers }), 'binary mode: missing header ce_source (required attribute source)'));
    expect(out.headers).toEqual({
      ce_id: Buffer.from('evt-1'),
      ce_type: 'imc.demand.raised',
      multi: [Buffer.from('a'), 'b'],
      [DLQ_HEADERS.reason]: 'binary mode: missing header ce_source (required attribute source)',
      [DLQ_HEADERS.originalTopic]: TOPICS.demands,
      [DLQ_HEADERS.originalPartition]: '2',
      [DLQ_HEADERS.originalOffset]: '41',
    });
  });

  it('labels reasons coarsely for metrics', () => {
    expect(reasonKind('data.window.start: must be an RFC 3339 date-time')).toBe('data.window.start');
  });
});

describe('toKafkaMessage', () => {
  it('publishes an envelope as structured-mode JSON with the CloudEvents content-type', () => {
    const out = toKafkaMessage({ topic: TOPICS.proposals, key: 'global', value: { specversion: '1.0', id: 'global:1' }, headers: { 'x-correlation-id': 'c1' } });
    expect(out).toEqual({ key: 'global', value: '{"specversion":"1.0","id":"global:1"}', headers: { 'content-type': 'application/cloudevents+json', 'x-correlation-id': 'c1' } });
  });
});
